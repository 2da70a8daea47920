package org.gatehouse.web.login.internal;

import java.util.List;
import java.util.Locale;
import org.gatehouse.core.login.LoginTexts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The pages' message bundles and the authenticators' own, for other bundles (the app-native API). */
@Component(service = LoginTexts.class)
public final class LoginTextsService implements LoginTexts {

    private final PluginMessages plugins;

    @Activate
    public LoginTextsService(@Reference PluginMessages plugins) {
        this.plugins = plugins;
    }

    @Override
    public String text(Locale locale, String key, Object... args) {
        return Messages.of(locale).with(plugins.forLocale(locale)).text(key, args);
    }

    @Override
    public Locale choose(List<String> uiLocales, List<Locale> acceptLanguages) {
        return Messages.choose(uiLocales, acceptLanguages);
    }
}
