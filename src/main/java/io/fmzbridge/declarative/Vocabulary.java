package io.fmzbridge.declarative;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a declarative bean (or one of its sections) takes, read from its setters and sections, so a
 * route file with a misspelt property is told the words it could have used: Camel names the bean it
 * could not bind by its {@code toString}.
 */
final class Vocabulary {

    private Vocabulary() {
    }

    static String of(String name, Class<?> type) {
        List<String> words = new ArrayList<>();
        for (Method method : Arrays.stream(type.getDeclaredMethods()).sorted(Comparator.comparing(Method::getName)).toList()) {
            if (!Modifier.isPublic(method.getModifiers())) {
                continue;
            }
            String word = method.getName();
            boolean setter = word.startsWith("set") && method.getParameterCount() == 1;
            boolean section = word.startsWith("get") && method.getParameterCount() == 0;
            if (setter || section) {
                String property = Character.toLowerCase(word.charAt(3)) + word.substring(4);
                if (section && Map.class.isAssignableFrom(method.getReturnType())) {
                    continue; // a table: its setter names it, and it takes a map too
                }
                words.add(section ? property + ".*" : property);
            }
        }
        return name + " (its properties: " + String.join(", ", words) + ")";
    }
}
