package io.fmzbridge.declarative;

import io.fmzbridge.sign.KeyPairJwtSigner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.BeanFactoryDefinition;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SetPropertyDefinition;
import org.apache.camel.model.language.ConstantExpression;

/**
 * Checks every route that uses the declarative beans before the bridge serves a call, so a mistake
 * in a route file stops the start with the file, the step's line and bean, and what is expected,
 * instead of failing at the first call: a {@link DeclaredReplies} step whose method lacks the
 * pointers it reads, a method it does not have, and an {@code endpoint} that a {@link DeclaredRequests}
 * bean could not render. (A misspelt property fails earlier, when Camel builds the bean; its message
 * lists the properties the bean takes. A method no bean has, before the routes are built: {@link BeanMethodsCheck}.)
 */
public final class DeclaredRoutesCheck implements StartupListener {

    /** The exchange property a route names its REST call in. */
    private static final String ENDPOINT = "endpoint";

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        if (alreadyStarted) {
            return;
        }
        Map<String, DeclaredRequests> requestBeans = context.getRegistry().findByTypeWithName(DeclaredRequests.class);
        Map<String, DeclaredReplies> replyBeans = context.getRegistry().findByTypeWithName(DeclaredReplies.class);
        if (requestBeans.isEmpty() && replyBeans.isEmpty()) {
            return; // no declared exchange here
        }
        List<String> problems = new ArrayList<>();
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        for (BeanFactoryDefinition<?> bean : model.getCustomBeans()) {
            Object declared = requestBeans.containsKey(bean.getName()) ? requestBeans.get(bean.getName()) : replyBeans.get(bean.getName());
            if (declared != null) {
                tableProblems(bean, declared, problems);
            } else if (context.getRegistry().lookupByName(bean.getName()) instanceof KeyPairJwtSigner jwt && jwt.problem() != null) {
                problems.add(beanWhere(bean) + jwt.problem());
            }
        }
        for (RouteDefinition route : model.getRouteDefinitions()) {
            List<ProcessorDefinition<?>> steps = new ArrayList<>();
            collect(route.getOutputs(), steps);
            List<DeclaredRequests> builders = new ArrayList<>();
            for (ProcessorDefinition<?> step : steps) {
                if (step instanceof BeanDefinition bean && bean.getRef() != null) {
                    String ref = resolved(context, bean.getRef());
                    if (requestBeans.containsKey(ref)) {
                        builders.add(requestBeans.get(ref));
                    } else if (replyBeans.containsKey(ref)) {
                        orderIdMismatch(route, step, builders, ref, replyBeans.get(ref), problems);
                        String problem = check(replyBeans.get(ref), bean.getMethod());
                        if (problem != null) {
                            problems.add(where(route, step) + "bean " + bean.getRef() + ": " + problem);
                        }
                    }
                }
            }
            for (ProcessorDefinition<?> step : steps) {
                if (!builders.isEmpty() && step instanceof SetPropertyDefinition set && ENDPOINT.equals(set.getName())
                        && set.getExpression() instanceof ConstantExpression constant) {
                    String problem = builders.get(0).problemWith(constant.getExpression());
                    if (problem != null) {
                        problems.add(where(route, step) + problem);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the route files have mistakes:\n  " + String.join("\n  ", problems));
        }
    }

    /** Order ids written by the route's requests bean in one spelling and read by its replies bean in another. */
    private static void orderIdMismatch(RouteDefinition route, ProcessorDefinition<?> step, List<DeclaredRequests> builders,
            String repliesName, DeclaredReplies replies, List<String> problems) {
        if (builders.isEmpty()) {
            return;
        }
        String written = builders.get(0).orderIdMarket();
        String read = replies.orderIdMarket();
        String problem = "bean " + repliesName + " reads order ids with orderIdMarket " + read + " but the route's requests bean"
                + " writes them with " + written + ": declare the same orderIdMarket on both";
        if (!written.equals(read) && problems.stream().noneMatch(p -> p.endsWith(problem))) {
            problems.add(where(route, step) + problem);
        }
    }

    /**
     * A table given as a YAML map is bound entry by entry, so an empty map binds nothing and a table
     * without one of its words binds without complaint: both are told here, with the file and the bean.
     */
    private static void tableProblems(BeanFactoryDefinition<?> bean, Object declared, List<String> problems) {
        String where = beanWhere(bean);
        if (bean.getProperties() != null) {
            emptyMaps("", bean.getProperties(), where, problems);
        }
        List<String> lacking = declared instanceof DeclaredRequests requests ? requests.tableProblems()
                : ((DeclaredReplies) declared).tableProblems();
        lacking.forEach(problem -> problems.add(where + problem));
    }

    private static String beanWhere(BeanFactoryDefinition<?> bean) {
        return (bean.getResource() != null ? bean.getResource().getLocation() + ", " : "") + "bean " + bean.getName() + ": ";
    }

    private static void emptyMaps(String path, Map<?, ?> properties, String where, List<String> problems) {
        for (Map.Entry<?, ?> property : properties.entrySet()) {
            String name = path + property.getKey();
            if (property.getValue() instanceof Map<?, ?> map) {
                if (map.isEmpty()) {
                    problems.add(where + name + " is an empty map: give its entries (like {1: 1min, 60: 1h}) or leave it out");
                } else {
                    emptyMaps(name + ".", map, where, problems);
                }
            }
        }
    }

    private static String check(DeclaredReplies replies, String method) {
        if (method == null) {
            return "the step names no method; name one of its mappings, like method: ticker";
        }
        List<String> missing = replies.missingFor(method);
        if (missing == null) {
            return "has no method '" + method + "'; it maps reply, ticker, tickers, depth, trades, records, markets,"
                    + " balances, placed, order, orders, historyOrders, canceled and passThrough";
        }
        if (!missing.isEmpty()) {
            return "the route maps '" + method + "' with it, which needs " + String.join(", ", missing)
                    + " declared (JSON Pointers into the exchange's reply, like /data/0/price)";
        }
        return null;
    }

    static String resolved(CamelContext context, String ref) {
        try {
            return context.resolvePropertyPlaceholders(ref);
        } catch (RuntimeException e) {
            return ref; // a reference the check cannot resolve is Camel's to report
        }
    }

    static void collect(List<ProcessorDefinition<?>> outputs, List<ProcessorDefinition<?>> into) {
        for (ProcessorDefinition<?> step : outputs) {
            into.add(step);
            if (step instanceof ChoiceDefinition choice) {
                choice.getWhenClauses().forEach(when -> collect(when.getOutputs(), into));
                if (choice.getOtherwise() != null) {
                    collect(choice.getOtherwise().getOutputs(), into);
                }
            } else {
                collect(step.getOutputs(), into);
            }
        }
    }

    static String where(RouteDefinition route, ProcessorDefinition<?> step) {
        String file = route.getResource() != null ? route.getResource().getLocation() : "route " + route.getRouteId();
        return file + (step.getLineNumber() > 0 ? " line " + step.getLineNumber() : "") + ", route " + route.getRouteId() + ": ";
    }
}
