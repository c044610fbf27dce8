package org.koppel.testkit;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The application's DataSource, counting the SQL statements executed and the rows read on one
 * thread while it is watched: what a piece of work costs the database, independent of timing.
 * Registered by {@link #wrapping()} as a bean post-processor in a test configuration.
 */
public final class CountingDataSource extends DelegatingDataSource {

    /** What one watched stretch of work cost. */
    public record Cost(long statements, long rows) {
    }

    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private volatile Thread watched;

    public CountingDataSource(DataSource target) {
        super(target);
    }

    /** Wraps the application's DataSource bean in a counting one. */
    public static BeanPostProcessor wrapping() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof DataSource ds && !(bean instanceof CountingDataSource) ? new CountingDataSource(ds) : bean;
            }
        };
    }

    /** Runs {@code work} on this thread and returns what it cost the database. */
    public Cost costOf(Runnable work) {
        statements.set(0);
        rows.set(0);
        watched = Thread.currentThread();
        try {
            work.run();
        } finally {
            watched = null;
        }
        return new Cost(statements.get(), rows.get());
    }

    private boolean counting() {
        return watched == Thread.currentThread();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connection(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return connection(super.getConnection(username, password));
    }

    private Connection connection(Connection target) {
        return proxy(Connection.class, target, (proxy, method, args) -> {
            Object result = invoke(target, method, args);
            if (result instanceof CallableStatement s) return statement(CallableStatement.class, s);
            if (result instanceof PreparedStatement s) return statement(PreparedStatement.class, s);
            if (result instanceof Statement s) return statement(Statement.class, s);
            return result;
        });
    }

    private <S extends Statement> S statement(Class<S> type, S target) {
        return proxy(type, target, (proxy, method, args) -> {
            if (method.getName().startsWith("execute") && counting()) statements.incrementAndGet();
            Object result = invoke(target, method, args);
            return result instanceof ResultSet rs ? resultSet(rs) : result;
        });
    }

    private ResultSet resultSet(ResultSet target) {
        return proxy(ResultSet.class, target, (proxy, method, args) -> {
            Object result = invoke(target, method, args);
            if (method.getName().equals("next") && Boolean.TRUE.equals(result) && counting()) rows.incrementAndGet();
            return result;
        });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> handler.invoke(proxy, method, args);
                });
    }
}
