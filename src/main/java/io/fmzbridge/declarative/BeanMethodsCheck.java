package io.fmzbridge.declarative;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * A bean step naming a method its bean does not have ({@code - bean: {ref: bitgetReplies, method: tickr}})
 * stops the start with the route file, the step's line, the bean and the methods it has. Camel refuses
 * such a step too, but as it builds the route, naming neither file nor line; this runs just before.
 */
public final class BeanMethodsCheck extends LifecycleStrategySupport {

    private static final String PLAIN_NAME = "[A-Za-z_$][A-Za-z0-9_$]*";

    @Override
    public void onContextInitializing(CamelContext context) throws VetoCamelContextStartException {
        List<String> problems = new ArrayList<>();
        for (RouteDefinition route : context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
            List<ProcessorDefinition<?>> steps = new ArrayList<>();
            DeclaredRoutesCheck.collect(route.getOutputs(), steps);
            for (ProcessorDefinition<?> step : steps) {
                if (step instanceof BeanDefinition bean && bean.getRef() != null && bean.getMethod() != null) {
                    String problem = problem(context, bean);
                    if (problem != null) {
                        problems.add(DeclaredRoutesCheck.where(route, step) + problem);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new VetoCamelContextStartException("the route files have mistakes:\n  " + String.join("\n  ", problems), context, true);
        }
    }

    /** Null when the step is fine, or when it is one Camel is left to judge (a placeholder, a method with arguments). */
    private static String problem(CamelContext context, BeanDefinition step) {
        String ref = DeclaredRoutesCheck.resolved(context, step.getRef());
        String method = DeclaredRoutesCheck.resolved(context, step.getMethod());
        if (!ref.matches("[^{}]+") || !method.matches(PLAIN_NAME)) {
            return null;
        }
        Object bean;
        try {
            bean = context.getRegistry().lookupByName(ref);
        } catch (RuntimeException e) {
            return null;
        }
        if (bean == null || Arrays.stream(bean.getClass().getMethods()).anyMatch(m -> m.getName().equals(method))) {
            return null;
        }
        return "bean " + step.getRef() + " has no method '" + method + "'; its methods for a route's step: " + stepMethods(bean);
    }

    /** What a step may name: the declarative beans' mappings, or any other bean's own public methods. */
    private static String stepMethods(Object bean) {
        if (bean instanceof DeclaredReplies) {
            return DeclaredReplies.METHODS;
        }
        if (bean instanceof DeclaredRequests) {
            return "call";
        }
        return Arrays.stream(bean.getClass().getMethods())
                .filter(m -> m.getDeclaringClass() != Object.class && !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).filter(name -> !name.matches("(set|get|is)[A-Z].*")).distinct().sorted()
                .collect(Collectors.joining(", "));
    }
}
