package org.gatehouse.web.login.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesMarkupAndQuotes() {
        assertThat(Html.escape("<script>alert('x')</script> & \"q\""))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
        assertThat(Html.escape("\" onfocus=\"x")).doesNotContain("\"");
    }

    @Test
    void leavesPlainTextAloneAndReplacesControlCharacters() {
        String plain = "Grüße, Zoë – 東京";
        assertThat(Html.escape(plain)).isSameAs(plain);
        assertThat(Html.escape(null)).isEmpty();
        assertThat(Html.escape("a\u0000b\u0007c\nd")).isEqualTo("a\uFFFDb\uFFFDc\nd");
        assertThat(Html.escape("&amp;")).isEqualTo("&amp;amp;");
    }
}
