package io.fmzbridge.exchange.okx;

import static org.assertj.core.api.Assertions.assertThat;

import io.fmzbridge.declarative.DeclaredReplies;
import io.fmzbridge.declarative.DeclaredRequests;
import io.fmzbridge.sign.HeaderHmacSigner;
import io.fmzbridge.sign.SigningStep;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.junit.jupiter.api.Test;

/**
 * OKX spot written in YAML alone ({@code src/test/resources/yaml-only/okx.camel.yaml}: the generic
 * declarative beans and signer, no class of OKX's own) in place of the packaged routes/okx.camel.yaml,
 * held to OKX's own end-to-end class: every test of {@link OkxBridgeTest}, its nested classes too,
 * runs here unchanged against the YAML-only file, loaded the way a user replaces a packaged exchange.
 */
class OkxInYamlAloneTest extends OkxBridgeTest {

    static final Path YAML_ONLY = Path.of("src/test/resources/yaml-only/okx.camel.yaml");

    @Override
    protected Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(super.settings());
        settings.put("fmz.routes.extra", "file:" + YAML_ONLY.toAbsolutePath().getParent() + "/*.camel.yaml");
        // the packaged file, as fmz.routes.packaged names it
        settings.put("camel.main.routes-exclude-pattern", "classpath:routes/okx.camel.yaml");
        return settings;
    }

    @Test
    void theFileNamesNoClassOfAnExchange() throws Exception {
        String file = Files.readString(YAML_ONLY);
        assertThat(file).contains("io.fmzbridge.declarative.DeclaredRequests", "io.fmzbridge.declarative.DeclaredReplies",
                "io.fmzbridge.sign.HeaderHmacSigner").doesNotContain("io.fmzbridge.exchange");
    }

    /**
     * So that the proof cannot pass by the packaged OKX answering after all: /OKX is the YAML-only file's
     * route, the packaged file's routes are absent, and every bean the route uses, and the reply reader
     * it gives the shared call leg, is a generic one. (Camel still creates the excluded file's beans, okxMapper among them: the exclude
     * pattern is applied after the route files' beans are read. None of them is used.)
     */
    @Test
    void thePackagedOkxIsNotWhatAnswers() throws Exception {
        CamelContext context = bridge.context();
        assertThat(context.getRoute("okx").getSourceLocation()).contains("yaml-only/okx.camel.yaml");
        for (String packagedRoute : new String[] {"okx-futures", "okxfutures", "okx-contracts", "okx-position-mode"}) {
            assertThat(context.getRoute(packagedRoute)).as("a route only the packaged file has: %s", packagedRoute).isNull();
        }

        List<String> refs = new ArrayList<>();
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        collectRefs(model.getRouteDefinition("okx").getOutputs(), refs);
        // the call leg is the shared template's; what OKX gives it is its reply reader
        refs.add(String.valueOf(model.getRouteDefinition("okx-call").getTemplateParameters().get("replyReader")));
        assertThat(refs).contains("okxRequests", "okxSigner", "okxReplies", "marketRules", "orderPlacements", "apiPassThrough");
        for (String ref : refs) {
            Object bean = context.getRegistry().lookupByName(ref);
            assertThat(bean).as(ref).isNotNull();
            assertThat(bean.getClass().getName()).as(ref).doesNotStartWith("io.fmzbridge.exchange");
        }
        assertThat(context.getRegistry().lookupByName("okxRequests")).isInstanceOf(DeclaredRequests.class);
        assertThat(context.getRegistry().lookupByName("okxReplies")).isInstanceOf(DeclaredReplies.class);
        SigningStep signer = context.getRegistry().lookupByNameAndType("okxSigner", SigningStep.class);
        Field scheme = SigningStep.class.getDeclaredField("signer");
        scheme.setAccessible(true);
        assertThat(scheme.get(signer)).as("not OkxSigner").isInstanceOf(HeaderHmacSigner.class);
    }

    /** The beans the steps name, {@code bean: {ref}} and {@code process: {ref}}, at any depth. */
    private static void collectRefs(List<ProcessorDefinition<?>> steps, List<String> refs) {
        for (ProcessorDefinition<?> step : steps) {
            if (step instanceof BeanDefinition bean && bean.getRef() != null) {
                refs.add(bean.getRef());
            } else if (step instanceof ProcessDefinition process) {
                refs.add(process.getRef());
            }
            if (step instanceof ChoiceDefinition choice) {
                choice.getWhenClauses().forEach(when -> collectRefs(when.getOutputs(), refs));
                if (choice.getOtherwise() != null) {
                    collectRefs(choice.getOtherwise().getOutputs(), refs);
                }
            } else {
                collectRefs(step.getOutputs(), refs);
            }
        }
    }
}
