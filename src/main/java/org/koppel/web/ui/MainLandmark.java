package org.koppel.web.ui;

import java.util.Set;

import org.springframework.stereotype.Component;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.dialect.AbstractProcessorDialect;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.IProcessor;
import org.thymeleaf.processor.element.AbstractElementTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.standard.StandardDialect;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * Every page's {@code <main>} is the skip link's target ({@code id="main"}, focusable from script
 * with tabindex -1), whichever template draws it: each page brings its own {@code <main>} into the
 * layout, and none has to remember these two attributes. Boot adds every dialect bean to Thymeleaf.
 */
@Component
class MainLandmark extends AbstractProcessorDialect {

    MainLandmark() {
        super("Koppel main landmark", "koppel", StandardDialect.PROCESSOR_PRECEDENCE);
    }

    @Override
    public Set<IProcessor> getProcessors(String dialectPrefix) {
        return Set.of(new Target());
    }

    private static final class Target extends AbstractElementTagProcessor {

        Target() {
            // matches <main> itself (no prefix), after the standard th:* processors of the same element
            super(TemplateMode.HTML, null, "main", false, null, false, StandardDialect.PROCESSOR_PRECEDENCE + 1);
        }

        @Override
        protected void doProcess(ITemplateContext context, IProcessableElementTag tag, IElementTagStructureHandler structure) {
            if (!tag.hasAttribute("id")) structure.setAttribute("id", "main");
            if (!tag.hasAttribute("tabindex")) structure.setAttribute("tabindex", "-1");
        }
    }
}
