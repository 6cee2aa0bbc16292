package io.bpmon.web.ui;

import java.util.Map;
import java.util.Set;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Thymeleaf over the templates in {@code bpmon/ui/templates}. Pages render whole, fragments ({@code th:fragment})
 * alone for htmx and the live updates. Templates use {@code th:text} for data (escaped), never {@code th:utext}.
 */
public final class Templates {

    static final String LOCATION = "bpmon/ui/templates/";

    private final TemplateEngine engine = new TemplateEngine();

    public Templates() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(Templates.class.getClassLoader());
        resolver.setPrefix(LOCATION);
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
        // @{/path(param=...)} links without a servlet context: the app is served at the root
        engine.setLinkBuilder(new StandardLinkBuilder() {
            @Override
            protected String computeContextPath(IExpressionContext context, String base, Map<String, Object> params) {
                return "";
            }
        });
    }

    /** The whole page. */
    public String page(String template, Map<String, Object> model) {
        return engine.process(template, context(model));
    }

    /** Only the named fragment of the template. */
    public String fragment(String template, String fragment, Map<String, Object> model) {
        return engine.process(template, Set.of(fragment), context(model));
    }

    private static Context context(Map<String, Object> model) {
        Context c = new Context();
        c.setVariables(model);
        return c;
    }
}
