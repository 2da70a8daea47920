/*
 * LoginBench - full OAuth 2 authorization-code + PKCE logins against a server, on loopback,
 * with K concurrent workers; single file, JDK 17 only:  java bench/oauth2/LoginBench.java [options]
 *
 * One login = GET authorize -> (redirects) -> login form (HTML) -> POST username/password with
 * every hidden input (csrf, ...) -> (redirects; a consent page with button id=approve is
 * approved) -> 302 to redirect_uri?code=... -> POST token (authorization_code, client_secret_post).
 * Each login has its own cookie jar (a fresh browser), so every login hashes the password.
 * Works with Gatehouse (/login?request=..., form#login-form) and Keycloak (form#kc-form-login)
 * because it only follows redirects and fills the form that has a password field.
 *
 * Modes:
 *   --seed N --out FILE   N logins one after the other; writes each refresh_token to FILE (a line each);
 *                         with --sso the logins share one browser, so only the first one enters the
 *                         password and the others reuse its SSO session (each still gets its own code)
 *   (default)             --warmup S seconds unmeasured, then --duration S measured; prints
 *                         a bench.sh-style line (see HEADER) and, with --pid, server CPU per login
 * Options: --authorize URL --token URL --client-id ID --client-secret S --redirect-uri URI
 *          --scope "openid" --user U --password P --workers K --pid PID --label NAME
 */
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class LoginBench {
    static final String HEADER = String.format("%-20s %9s %8s %8s %8s %9s %8s %6s %7s %7s %6s %9s %9s %10s %7s",
            "scenario", "req/s", "p50_ms", "p90_ms", "p99_ms", "max_ms", "requests", "non2xx", "sockerr",
            "srv_cpu", "lg_cpu", "other_cpu", "sys_busy%", "srv_ms/req", "srv_rss");
    static final SecureRandom RANDOM = new SecureRandom();
    static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    static final Pattern TAG = Pattern.compile("<(input|button)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    static final Pattern ATTR = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*=\\s*(\"([^\"]*)\"|'([^']*)')");

    final Map<String, String> opt;
    final HttpClient http;
    final URI authorize, token;
    final String clientId, clientSecret, redirectUri, scope, user, password;

    LoginBench(Map<String, String> opt) {
        this.opt = opt;
        this.authorize = URI.create(need(opt, "authorize"));
        this.token = URI.create(need(opt, "token"));
        this.clientId = need(opt, "client-id");
        this.clientSecret = opt.getOrDefault("client-secret", "");
        this.redirectUri = need(opt, "redirect-uri");
        this.scope = opt.getOrDefault("scope", "openid"); // "" = no scope parameter
        this.user = need(opt, "user");
        this.password = need(opt, "password");
        for (URI u : List.of(authorize, token)) {
            String h = u.getHost();
            if (!(h.startsWith("127.") || h.equals("localhost") || h.equals("[::1]") || h.equals("::1"))) {
                throw new IllegalArgumentException("refusing non-loopback target " + u);
            }
        }
        int workers = Integer.parseInt(opt.getOrDefault("workers", "4"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(Math.max(2, workers))).build();
    }

    static String need(Map<String, String> opt, String k) {
        String v = opt.get(k);
        if (v == null || v.isEmpty()) throw new IllegalArgumentException("missing --" + k);
        return v;
    }

    static String b64url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String form(Map<String, String> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return sb.toString();
    }

    static String unescape(String s) {
        Matcher m = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|quot|lt|gt|apos|#39);").matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r = switch (e) {
                case "amp" -> "&";
                case "quot" -> "\"";
                case "lt" -> "<";
                case "gt" -> ">";
                case "apos", "#39" -> "'";
                default -> new String(Character.toChars(e.startsWith("#x") ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1))));
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(r));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static Map<String, String> attrs(String s) {
        Map<String, String> a = new LinkedHashMap<>();
        Matcher m = ATTR.matcher(s);
        while (m.find()) a.put(m.group(1).toLowerCase(), unescape(m.group(3) != null ? m.group(3) : m.group(4)));
        return a;
    }

    /** A browser's cookie jar for one login (host-only, path ignored: one loopback server). */
    static final class Jar {
        final Map<String, String> cookies = new LinkedHashMap<>();

        void take(HttpResponse<?> r) {
            for (String sc : r.headers().allValues("set-cookie")) {
                String nv = sc.split(";", 2)[0];
                int eq = nv.indexOf('=');
                if (eq <= 0) continue;
                String name = nv.substring(0, eq).trim(), value = nv.substring(eq + 1).trim();
                String lower = sc.toLowerCase();
                if (value.isEmpty() || lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970")) cookies.remove(name);
                else cookies.put(name, value);
            }
        }

        void put(HttpRequest.Builder b) {
            if (cookies.isEmpty()) return;
            StringBuilder sb = new StringBuilder();
            cookies.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            b.header("Cookie", sb.toString());
        }
    }

    HttpResponse<String> send(Jar jar, HttpRequest.Builder b) throws IOException, InterruptedException {
        jar.put(b);
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        jar.take(r);
        return r;
    }

    static String origin(URI u) {
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    /** One full login; returns the token response body (JSON). */
    String login() throws Exception {
        return login(new Jar());
    }

    /** One login with this cookie jar: a jar that holds an SSO session skips the password. */
    String login(Jar jar) throws Exception {
        byte[] v = new byte[32];
        RANDOM.nextBytes(v);
        String verifier = b64url(v);
        String challenge = b64url(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String state = b64url(randomBytes(12));
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", clientId);
        q.put("redirect_uri", redirectUri);
        if (!scope.isEmpty()) q.put("scope", scope);
        q.put("state", state);
        q.put("nonce", b64url(randomBytes(12)));
        q.put("code_challenge", challenge);
        q.put("code_challenge_method", "S256");
        URI next = URI.create(authorize + (authorize.getRawQuery() == null ? "?" : "&") + form(q));
        HttpResponse<String> r = send(jar, HttpRequest.newBuilder(next).GET().header("Accept", "text/html"));
        String code = null;
        boolean loggedIn = false;
        for (int step = 0; step < 12 && code == null; step++) {
            int s = r.statusCode();
            if (s >= 300 && s < 400) {
                String loc = r.headers().firstValue("location").orElseThrow(() -> new IOException("redirect without Location"));
                URI target = r.uri().resolve(loc);
                if (loc.startsWith(redirectUri)) {
                    Map<String, String> params = query(target.getRawQuery());
                    if (params.containsKey("error")) throw new IOException("authorization error: " + loc);
                    if (!state.equals(params.get("state"))) throw new IOException("state mismatch: " + loc);
                    code = params.get("code");
                    break;
                }
                r = send(jar, HttpRequest.newBuilder(target).GET().header("Accept", "text/html"));
            } else if (s == 200 && r.body() != null) {
                String html = r.body();
                String[] picked = pickForm(html, loggedIn);
                if (picked == null) throw new IOException("no login/consent form on " + r.uri() + ": " + snippet(html));
                Map<String, String> fields = new LinkedHashMap<>();
                Matcher t = TAG.matcher(picked[1]);
                boolean consent = picked[2] != null;
                while (t.find()) {
                    Map<String, String> a = attrs(t.group(2));
                    String type = a.getOrDefault("type", t.group(1).equalsIgnoreCase("button") ? "submit" : "text").toLowerCase();
                    String name = a.get("name");
                    if (name == null) continue;
                    if (type.equals("hidden")) fields.put(name, a.getOrDefault("value", ""));
                    else if (type.equals("password")) fields.put(name, password);
                    else if (type.equals("submit")) {
                        if (consent ? "approve".equals(a.get("id")) || "approve".equals(a.get("value")) : !fields.containsKey(name))
                            fields.put(name, a.getOrDefault("value", ""));
                    } else if (!consent && (type.equals("text") || type.equals("email")) && (name.equals("username") || name.equals("email") || name.equals("login"))) {
                        fields.put(name, user);
                    }
                }
                if (!consent) loggedIn = true;
                URI action = r.uri().resolve(picked[0].isEmpty() ? r.uri().toString() : picked[0]);
                r = send(jar, HttpRequest.newBuilder(action).POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                        .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", origin(action))
                        .header("Accept", "text/html"));
            } else {
                throw new IOException("HTTP " + s + " from " + r.uri() + ": " + snippet(r.body()));
            }
        }
        if (code == null) throw new IOException("no code after 12 steps, last " + r.statusCode() + " " + r.uri() + ": " + snippet(r.body()));
        Map<String, String> tp = new LinkedHashMap<>();
        tp.put("grant_type", "authorization_code");
        tp.put("code", code);
        tp.put("redirect_uri", redirectUri);
        tp.put("code_verifier", verifier);
        tp.put("client_id", clientId);
        if (!clientSecret.isEmpty()) tp.put("client_secret", clientSecret);
        HttpResponse<String> tr = http.send(HttpRequest.newBuilder(token).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(form(tp)))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        if (tr.statusCode() != 200 || !tr.body().contains("\"access_token\"")) {
            throw new IOException("token endpoint " + tr.statusCode() + ": " + snippet(tr.body()));
        }
        return tr.body();
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** {action, inner html, "consent" or null} of the login form (has a password input) or a consent form. */
    static String[] pickForm(String html, boolean loggedIn) {
        Matcher f = FORM.matcher(html);
        String[] consent = null;
        while (f.find()) {
            Map<String, String> a = attrs(f.group(1));
            String inner = f.group(2);
            String action = a.getOrDefault("action", "");
            if (Pattern.compile("type\\s*=\\s*[\"']password[\"']", Pattern.CASE_INSENSITIVE).matcher(inner).find()) {
                return new String[] {action, inner, null};
            }
            if (inner.contains("id=\"approve\"") || inner.contains("value=\"approve\"")) consent = new String[] {action, inner, "consent"};
        }
        return consent;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null) return m;
        for (String p : raw.split("&")) {
            int eq = p.indexOf('=');
            String k = eq < 0 ? p : p.substring(0, eq), v = eq < 0 ? "" : p.substring(eq + 1);
            m.put(java.net.URLDecoder.decode(k, StandardCharsets.UTF_8), java.net.URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return m;
    }

    static String snippet(String s) {
        if (s == null) return "";
        s = s.replaceAll("\\s+", " ");
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    static String jsonString(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    // --- CPU accounting (like bench.sh: /proc/<pid>/stat utime+stime, /proc/stat busy) ---
    static long procTicks(String pid) {
        if (pid == null) return 0;
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14, 15
        } catch (IOException e) {
            return 0;
        }
    }

    static long[] sysTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long tot = 0;
        for (int i = 1; i < f.length; i++) tot += Long.parseLong(f[i]);
        return new long[] {tot, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    }

    static String rss(String pid) {
        if (pid == null) return "?";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS")) return (Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024) + "M";
            }
        } catch (IOException e) {
            // gone
        }
        return "?";
    }

    record Result(List<Double> latMs, long errors, double seconds, String firstError) {}

    Result run(int workers, double seconds) throws Exception {
        List<Double> lat = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<String> firstErr = new ConcurrentLinkedQueue<>();
        long t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9);
        List<Thread> ts = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long s = System.nanoTime();
                    try {
                        login();
                        lat.add((System.nanoTime() - s) / 1e6);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        if (firstErr.isEmpty()) firstErr.add(e.toString());
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
            });
            t.start();
            ts.add(t);
        }
        for (Thread t : ts) t.join();
        return new Result(lat, errors.get(), (System.nanoTime() - t0) / 1e9, firstErr.peek());
    }

    static double pct(List<Double> sorted, double p) {
        if (sorted.isEmpty()) return 0;
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected " + args[i]);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            opt.put(args[i].substring(2), flag ? "" : args[++i]);
        }
        LoginBench b = new LoginBench(opt);
        if (opt.containsKey("seed")) {
            int n = Integer.parseInt(opt.get("seed"));
            List<String> out = new ArrayList<>();
            Jar sso = new Jar();
            for (int i = 0; i < n; i++) {
                String rt = jsonString(opt.containsKey("sso") ? b.login(sso) : b.login(), "refresh_token");
                if (rt == null) throw new IOException("token response without refresh_token (scope " + b.scope + ")");
                out.add(rt);
            }
            Files.write(Path.of(need(opt, "out")), out);
            System.out.println("seed: " + n + " logins, refresh tokens in " + opt.get("out"));
            System.exit(0);
        }
        int workers = Integer.parseInt(opt.getOrDefault("workers", "4"));
        double warmup = Double.parseDouble(opt.getOrDefault("warmup", "5"));
        double duration = Double.parseDouble(opt.getOrDefault("duration", "20"));
        String pid = opt.get("pid");
        String label = opt.getOrDefault("label", "login");
        b.login(); // preflight: fails loudly with the reason
        if (warmup > 0) b.run(workers, warmup);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long hz = 100; // USER_HZ on Linux
        long p0 = procTicks(pid), lg0 = os.getProcessCpuTime();
        long[] s0 = sysTicks();
        Result r = b.run(workers, duration);
        long p1 = procTicks(pid), lg1 = os.getProcessCpuTime();
        long[] s1 = sysTicks();
        List<Double> sorted = new ArrayList<>(r.latMs());
        Collections.sort(sorted);
        int ncpu = Runtime.getRuntime().availableProcessors();
        double rps = sorted.size() / r.seconds();
        double srv = (p1 - p0) / (double) hz / r.seconds();
        double lg = (lg1 - lg0) / 1e9 / r.seconds();
        double busy = s1[0] > s0[0] ? 100.0 * ((s1[0] - s0[0]) - (s1[1] - s0[1])) / (s1[0] - s0[0]) : 0;
        double other = Math.max(0, busy / 100 * ncpu - srv - lg);
        String msreq = pid == null ? "?" : String.format("%.3f", rps > 0 ? 1000 * srv / rps : 0);
        System.out.println(HEADER);
        System.out.println(String.format("%-20s %9.1f %8.1f %8.1f %8.1f %9.1f %8d %6d %7d %7.2f %6.2f %9.2f %9s %10s %7s",
                label, rps, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
                sorted.size(), r.errors(), 0, srv, lg, other, String.format("%.0f%%", busy), msreq, rss(pid)).replaceAll(" +$", ""));
        if (r.firstError() != null) System.out.println("# first error: " + r.firstError());
        System.exit(0);
    }
}
