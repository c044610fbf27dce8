// htmx requests do not go through Thymeleaf forms, so they get the CSRF token as a header instead.
document.addEventListener('htmx:configRequest', (event) => {
  const token = document.querySelector('meta[name="_csrf"]');
  const header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});

// An expired session answers an htmx request with the sign-in page (or, when the account was
// changed, with HX-Redirect, which htmx follows itself); show that page whole
// instead of inside the results table or the sync flag button.
document.addEventListener('htmx:beforeSwap', (event) => {
  const answeredBy = new URL(event.detail.xhr.responseURL, window.location.href);
  if (answeredBy.pathname.endsWith('/login')) {
    event.detail.shouldSwap = false;
    window.location.assign(answeredBy.href);
  }
});

// htmx swaps nothing for error statuses. A 409 from Koppel is an answer meant for the page
// (Sync now while a run is under way, say), so show it where the request said.
document.addEventListener('htmx:beforeSwap', (event) => {
  if (event.detail.xhr.status === 409) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Sync now tells the progress panel to start polling. A listener here rather than hx-on in the
// page: hx-on is evaluated code, which the Content-Security-Policy (no eval) does not allow.
document.addEventListener('htmx:beforeRequest', (event) => {
  if (event.detail.elt && event.detail.elt.id === 'sync-now') {
    htmx.trigger(document.body, 'sync-started');
  }
});

// The relation picker of the appointment and task forms: a chosen relation's number goes into the
// form's input (appended to a list, or replacing a single one), and the choices close.
document.addEventListener('click', (event) => {
  const choice = event.target.closest('[data-add-relation]');
  if (!choice) return;
  const input = document.getElementById(choice.dataset.target);
  if (!input) return;
  const id = choice.dataset.addRelation;
  if (input.id === 'relationIds') {
    const ids = input.value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    if (!ids.includes(id)) ids.push(id);
    input.value = ids.join(', ');
  } else {
    input.value = id;
  }
  const list = choice.closest('ul');
  if (list) list.replaceChildren();
  input.focus();
});

// Shell (issue 15). Script runs: the folded navigation may be hidden (koppel.css, html.js), as this can open it.
document.documentElement.classList.add('js');

// The menu button under 700 px opens and closes the navigation, saying which it is (aria-expanded).
document.addEventListener('click', (event) => {
  const button = event.target.closest('.menu-button');
  if (!button) return;
  const nav = document.getElementById(button.getAttribute('aria-controls'));
  if (!nav) return;
  const open = nav.classList.toggle('open');
  button.setAttribute('aria-expanded', String(open));
});

// A form that came back with problems: the focus goes to the summary of them (fields :: errorSummary), so
// keyboard and screen-reader users learn at once that nothing was saved and why; its links lead to the inputs.
function focusErrorSummary(root) {
  const summary = root.querySelector('.error-summary');
  if (summary) summary.focus();
}
focusErrorSummary(document);
document.addEventListener('htmx:afterSwap', (event) => focusErrorSummary(event.detail.target));

// The current page's own link in the navigation is marked for assistive technology (and underlined).
document.querySelectorAll('.site-nav a.nav-link').forEach((link) => {
  const here = window.location.pathname;
  const path = new URL(link.href).pathname;
  if (path === here || (path !== '/' && here.startsWith(path + '/'))) link.setAttribute('aria-current', 'page');
});
// ---- lists: the relation list's bulk bar ----------------------------------------------------
// Ticking rows, "select all on this page", and "select all N matching this filter" (which sends
// scope=all: the server selects by the filter, not by the ids on this page). Listeners sit on the
// document, so they keep working after htmx swaps the results in.
function listsBulkCount(form) {
  const count = form.querySelector('#bulk-count');
  const scope = form.querySelector('#bulk-scope');
  if (!count || !scope) return;
  const matching = form.querySelector('#select-all-matching');
  if (scope.value === 'all' && matching) {
    count.textContent = matching.dataset.selectedText;
    return;
  }
  const ticked = form.querySelectorAll('.row-select:checked').length;
  count.textContent = ticked === 0 ? count.dataset.none : count.dataset.some.replace('{n}', ticked);
}

function listsBulkActionFields(form) {
  const action = form.querySelector('#bulk-action');
  if (!action) return;
  form.querySelectorAll('[data-for-actions]').forEach((field) => {
    field.hidden = !field.dataset.forActions.split(' ').includes(action.value);
  });
}

document.addEventListener('change', (event) => {
  const form = event.target.closest('form#bulk');
  if (!form) return;
  const scope = form.querySelector('#bulk-scope');
  if (event.target.id === 'select-page') {
    form.querySelectorAll('.row-select').forEach((box) => { box.checked = event.target.checked; });
    scope.value = 'ids';
  } else if (event.target.classList.contains('row-select')) {
    scope.value = 'ids';
    const all = form.querySelectorAll('.row-select');
    const page = form.querySelector('#select-page');
    if (page) page.checked = [...all].every((box) => box.checked);
  } else if (event.target.id === 'bulk-action') {
    listsBulkActionFields(form);
  }
  listsBulkCount(form);
});

document.addEventListener('click', (event) => {
  if (event.target.id !== 'select-all-matching') return;
  const form = event.target.closest('form#bulk');
  form.querySelector('#bulk-scope').value = 'all';
  form.querySelectorAll('.row-select').forEach((box) => { box.checked = true; });
  const page = form.querySelector('#select-page');
  if (page) page.checked = true;
  listsBulkCount(form);
});

function listsBulkInit() {
  const form = document.querySelector('form#bulk');
  if (form) listsBulkActionFields(form);
}
document.addEventListener('DOMContentLoaded', listsBulkInit);
document.addEventListener('htmx:afterSwap', listsBulkInit);
// ---- mapping: a refused change in the field-mapping editor (422, 404) answers with the editor and
// its reason; htmx swaps nothing for those statuses unless told to, so the reason would be lost.
document.addEventListener('htmx:beforeSwap', (event) => {
  const status = event.detail.xhr.status;
  const elt = event.detail.requestConfig && event.detail.requestConfig.elt;
  if ((status === 422 || status === 404) && elt && elt.closest('[data-swap-errors]')) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
// relations: a contact role's organisation picked from the search results fills the row's hidden number
// and the visible name; typing a new name forgets the number until one is picked. Remove buttons
// take their row out of the form, so it is not sent.
document.addEventListener('click', (event) => {
  const pick = event.target.closest('[data-pick-organisation]');
  if (pick) {
    const row = pick.dataset.row;
    const id = document.getElementById('contactRoles[' + row + '].organisationId');
    const name = document.getElementById('contactRoles[' + row + '].organisationName');
    if (id) id.value = pick.dataset.pickOrganisation;
    if (name) { name.value = pick.dataset.name; name.focus(); }
    const list = pick.closest('ul');
    if (list) list.replaceChildren();
    return;
  }
  const remove = event.target.closest('[data-remove-row]');
  if (remove) {
    const row = remove.closest('.row');
    if (row) row.remove();
  }
});
document.addEventListener('input', (event) => {
  const name = event.target.closest('[data-organisation-name]');
  if (!name) return;
  const id = document.getElementById('contactRoles[' + name.dataset.organisationName + '].organisationId');
  if (id) id.value = '';
});
