using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using OroOrleans.WebFront.Api;
using OroOrleans.WebFront.Token;
using Xunit.Abstractions;

namespace OroOrleans.Tests.WebFront.Hosting;

/// <summary>
/// §8 "Error bodies" behind the load balancer we ship (<see cref="NginxProcess"/>: <c>deploy/nginx.conf</c> and
/// <c>deploy/nginx-oroorleans.conf</c>): the answers nginx makes itself (no front end to reach, one that does not
/// answer in time, a request it refuses) carry our JSON bodies, with the token endpoints' OAuth error there and a
/// JSON:API error elsewhere; <c>Server</c> names no version; a front end's own answers pass through unchanged.
/// </summary>
[Trait("Category", TestCategories.Process)]
[Collection(WebFrontCollection.Name)]
public sealed class NginxErrorBodyTests(WebFrontFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const string OAuthContentType = "application/json; charset=utf-8";
    private static readonly string Malformed = OAuthError.MalformedRequest("").Description;
    private readonly List<IAsyncDisposable> started = [];

    [SkippableFact]
    public async Task NoFrontEndListening_TokenAndApiRequests_Get503JsonWithRetryAfter()
    {
        // The upstream is a free port with nothing listening: every connection is refused (nginx's 502).
        var nginx = await Start([ChildProcess.FreePort()]);
        using var http = nginx.CreateClient();

        foreach (var path in new[] { OAuthConstants.TokenPath, "/oauth2-token/revoke", "/oauth2-token/introspect" })
        {
            var answer = await Answer.Of(await TokenClient.PostForm(http, StorefrontCalls.Guest("a", "b"), path: path));
            Print($"POST {path}, nothing listening", answer);
            AssertUnavailable(answer, oauth: true);
        }

        foreach (var path in new[] { "/api/users", "/storefront/api/me", "/health/ready" })
        {
            var answer = await Answer.Of(await http.GetAsync(new Uri(path, UriKind.Relative)));
            Print($"GET {path}, nothing listening", answer);
            AssertUnavailable(answer, oauth: false);
        }
    }

    [SkippableFact]
    public async Task AFrontEndThatDoesNotAnswerInTime_Gets503JsonWithRetryAfter()
    {
        // A front end that takes the connection and never answers; nginx gives up after proxy_read_timeout (its 504). The
        // shipped value is nginx's default, 60 s; this test sets 1 s in the http block, the one change it makes.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var nginx = await Start([((IPEndPoint)silent.LocalEndpoint).Port], "    proxy_read_timeout 1s;\n");
            using var http = nginx.CreateClient();
            var clock = Stopwatch.StartNew();
            var token = await Answer.Of(await TokenClient.PostForm(http, StorefrontCalls.Guest("a", "b")));
            Print($"POST /oauth2-token, silent front end, answered after {clock.Elapsed.TotalSeconds:F1} s", token);
            AssertUnavailable(token, oauth: true);
            var api = await Answer.Of(await http.GetAsync(new Uri("/api/users", UriKind.Relative)));
            Print("GET /api/users, silent front end", api);
            AssertUnavailable(api, oauth: false);
        }
        finally
        {
            silent.Stop();
            silent.Dispose();
        }
    }

    public static TheoryData<string, int, bool, string> Refusals => new()
    {
        // case, status, OAuth body (else JSON:API), the detail (the OAuth hint; JSON:API adds a period)
        { "token POST with a 2 MB body", 413, true, "The request body must not exceed 1048576 bytes" },
        { "API POST with a 2 MB body", 413, false, "The request body must not exceed 1048576 bytes" },
        { "revocation POST with a 40 KiB header", 431, true, "Each request header must fit in 8192 bytes and all of them in 32768" },
        { "API GET with a 40 KiB header", 431, false, "Each request header must fit in 8192 bytes and all of them in 32768" },
        { "API GET with a 10 KiB URI", 414, false, "The request line must not exceed 8192 bytes" },
        { "a request line that is not HTTP", 400, false, "The request could not be read" },
        { "token POST with Content-Length and Transfer-Encoding", 400, true, "The request could not be read" },
        { "token POST with Transfer-Encoding: gzip", 501, true, "The Transfer-Encoding is not supported" },
        { "API GET over HTTP/2.0 in plain text", 505, false, "The HTTP version is not supported" },
        { "TRACE on the token endpoint", 405, true, "The method is not allowed here" },
        { "GET of nginx's own error location", 404, false, "There is nothing at this address" },
    };

    [SkippableTheory]
    [MemberData(nameof(Refusals))]
    public async Task ARequestNginxRefuses_GetsOurJsonBody_WithNginxsStatus(string kind, int status, bool oauth, string detail)
    {
        // Nothing listens behind this nginx either: had a refused request been passed on, it would have met a 503.
        var nginx = await Start([ChildProcess.FreePort()]);
        using var http = nginx.CreateClient();
        var big = new string('a', 2_000_000);
        var header = new string('h', 40 * 1024);
        var answer = kind switch
        {
            "token POST with a 2 MB body" => await Answer.Of(await TokenClient.PostRaw(http, "grant_type=password&username=" + big, "application/x-www-form-urlencoded")),
            "API POST with a 2 MB body" => await Answer.Of(await http.PostAsync(new Uri("/api/users", UriKind.Relative), new StringContent(big, Encoding.UTF8, JsonApi.MediaType))),
            "revocation POST with a 40 KiB header" => await Answer.Of(await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/oauth2-token/revoke")
            {
                Content = new FormUrlEncodedContent([new("token", "t")]),
                Headers = { { "X-Padding", header } },
            })),
            "API GET with a 40 KiB header" => await Answer.Of(await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/users") { Headers = { { "X-Padding", header } } })),
            "API GET with a 10 KiB URI" => await Answer.Of(await http.GetAsync(new Uri("/api/users?filter=" + new string('u', 10 * 1024), UriKind.Relative))),
            "a request line that is not HTTP" => await Answer.Raw(nginx.Port, "NOT HTTP AT ALL\r\n\r\n"),
            "token POST with Content-Length and Transfer-Encoding" => await Answer.Raw(nginx.Port,
                "POST /oauth2-token HTTP/1.1\r\nHost: lb\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
            "token POST with Transfer-Encoding: gzip" => await Answer.Raw(nginx.Port,
                "POST /oauth2-token HTTP/1.1\r\nHost: lb\r\nTransfer-Encoding: gzip\r\n\r\n"),
            "API GET over HTTP/2.0 in plain text" => await Answer.Raw(nginx.Port, "GET /api/users HTTP/2.0\r\nHost: lb\r\n\r\n"),
            "TRACE on the token endpoint" => await Answer.Of(await http.SendAsync(new HttpRequestMessage(HttpMethod.Trace, "/oauth2-token"))),
            "GET of nginx's own error location" => await Answer.Of(await http.GetAsync(new Uri("/_oroorleans/unavailable", UriKind.Relative))),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        Print(kind, answer);

        Assert.Equal(status, answer.Status);
        Assert.Equal("nginx", answer.Header("Server"));
        Assert.Null(answer.Header("Retry-After"));
        var body = JsonNode.Parse(answer.Body)!.AsObject();
        if (oauth)
        {
            AssertOAuthHeaders(answer);
            Assert.Equal(OAuthConstants.Errors.InvalidRequest, (string?)body["error"]);
            Assert.Equal(Malformed, (string?)body["error_description"]);
            Assert.Equal(detail, (string?)body["hint"]);
            Assert.Equal(Malformed, (string?)body["message"]);
            Assert.Equal(4, body.Count);
        }
        else
        {
            AssertJsonApiError(answer, body, status, null, detail + ".");
        }
    }

    [SkippableFact]
    public async Task NginxsOwnFailure_Gets500Json()
    {
        // nginx keeps a body over 16 KiB in a temporary file before it passes it on; with no way to write one it fails
        // the request itself (its 500).
        var nginx = await Start([ChildProcess.FreePort()]);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(nginx.Home, "client_body_temp"), UnixFileMode.None);
        }

        using var http = nginx.CreateClient();
        var body = new string('a', 20 * 1024);

        var token = await Answer.Of(await TokenClient.PostRaw(http, "grant_type=password&username=" + body, "application/x-www-form-urlencoded"));
        Print("token POST of 20 KiB, nginx cannot buffer it", token);
        Assert.Equal(500, token.Status);
        AssertOAuthHeaders(token);
        var oauth = JsonNode.Parse(token.Body)!.AsObject();
        Assert.Equal(OAuthError.ServerError.Error, (string?)oauth["error"]);
        Assert.Equal(OAuthError.ServerError.Description, (string?)oauth["error_description"]);
        Assert.Equal(OAuthError.ServerError.Description, (string?)oauth["message"]);

        var api = await Answer.Of(await http.PostAsync(new Uri("/api/users", UriKind.Relative), new StringContent(body, Encoding.UTF8, JsonApi.MediaType)));
        Print("API POST of 20 KiB, nginx cannot buffer it", api);
        // WebFront/Hosting/ErrorHandling.cs's words for an unexpected error.
        AssertJsonApiError(api, JsonNode.Parse(api.Body)!.AsObject(), 500, "server error", "An unexpected error occurred.");
        Assert.Equal("nginx", api.Header("Server"));
    }

    [SkippableFact]
    public async Task AFrontEndsOwnAnswers_PassThroughUnchanged_ButForServer()
    {
        var nginx = await Start([fixture.Server.Port]);
        using var direct = fixture.CreateClient();
        using var through = nginx.CreateClient();
        var seed = fixture.Seed;
        var requests = new (string Kind, Func<HttpClient, Task<HttpResponseMessage>> Send)[]
        {
            ("token POST, wrong secret (invalid_client 401)", h => TokenClient.PostForm(h, StorefrontCalls.Guest(seed.StorefrontClientId, "wrong"))),
            ("token POST, 20 KiB body (the front end's 16 KiB limit, 400)", h => TokenClient.PostRaw(h, "grant_type=password&username=" + new string('a', 20 * 1024), "application/x-www-form-urlencoded")),
            ("GET on the token endpoint (405)", h => h.GetAsync(new Uri(OAuthConstants.TokenPath, UriKind.Relative))),
            ("GET of an unknown API resource (JSON:API 404)", h => h.GetAsync(new Uri("/api/no-such-resource", UriKind.Relative))),
            ("GET /api/users without a token (401, empty, WWW-Authenticate: Bearer)", h => h.GetAsync(new Uri("/api/users", UriKind.Relative))),
            ("a guest login (200)", h => TokenClient.PostForm(h, StorefrontCalls.Guest(seed.StorefrontClientId, seed.StorefrontSecret))),
        };
        foreach (var (kind, send) in requests)
        {
            var expected = await Answer.Of(await send(direct));
            var answer = await Answer.Of(await send(through));
            Print(kind + ", through nginx", answer);

            Assert.Equal(expected.Status, answer.Status);
            foreach (var name in new[] { "Content-Type", "Cache-Control", "Pragma", "WWW-Authenticate", "Retry-After", "Allow" })
            {
                Assert.Equal(expected.Header(name), answer.Header(name));
            }

            if (expected.Status != 200)
            {
                Assert.Equal(expected.Body, answer.Body);
            }

            Assert.Equal("nginx", answer.Header("Server"));
        }
    }

    [SkippableFact]
    public async Task AFrontEnds503_PassesThroughWithItsOwnRetryAfterAndBody()
    {
        // What a front end answers when the cluster does not (§9.2), from a stand-in that answers every request so, with
        // a Retry-After of its own (7, where nginx's pages say 5): nginx must neither replace it nor count it as an
        // unavailable upstream (proxy_intercept_errors off, max_fails=0).
        const string Body = "{\"error\":\"temporarily_unavailable\",\"error_description\":\"from the front end\"}";
        var response = $"HTTP/1.1 503 Service Unavailable\r\nContent-Type: {OAuthContentType}\r\nRetry-After: 7\r\nCache-Control: no-store\r\n" +
            $"Content-Length: {Encoding.UTF8.GetByteCount(Body)}\r\nConnection: close\r\n\r\n{Body}";
        var front = new TcpListener(IPAddress.Loopback, 0);
        front.Start();
        using var stop = new CancellationTokenSource();
        var serving = Serve(front, response, stop.Token);
        try
        {
            var nginx = await Start([((IPEndPoint)front.LocalEndpoint).Port]);
            using var http = nginx.CreateClient();
            for (var i = 0; i < 3; i++)
            {
                var answer = await Answer.Of(await TokenClient.PostForm(http, StorefrontCalls.Guest("a", "b")));
                Print($"POST /oauth2-token, the front end answers 503 (request {i + 1})", answer);
                Assert.Equal(503, answer.Status);
                Assert.Equal("7", answer.Header("Retry-After"));
                Assert.Equal(OAuthContentType, answer.Header("Content-Type"));
                Assert.Equal(Body, answer.Body);
            }
        }
        finally
        {
            await stop.CancelAsync();
            front.Stop();
            await serving;
            front.Dispose();
        }
    }

    [SkippableFact]
    public async Task AnHttp10RequestWithoutHost_ReachesAFrontEnd()
    {
        // HTTP/1.0 lets a client leave Host out; nginx passes an empty header on as none, and a front end refuses an
        // HTTP/1.1 request without Host (Kestrel's 400). deploy/nginx-oroorleans.conf names the address reached instead.
        var nginx = await Start([fixture.Server.Port]);
        var health = await Answer.Raw(nginx.Port, "GET /health/live HTTP/1.0\r\n\r\n");
        Print("GET /health/live over HTTP/1.0 without Host", health);
        Assert.Equal(200, health.Status);

        var form = $"grant_type=password&client_id={Uri.EscapeDataString(fixture.Seed.StorefrontClientId)}" +
            $"&client_secret={Uri.EscapeDataString(fixture.Seed.StorefrontSecret)}&username=guest&password=guest";
        var token = await Answer.Raw(nginx.Port, "POST /oauth2-token HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
            $"Content-Length: {form.Length}\r\n\r\n{form}");
        Print("a guest login over HTTP/1.0 without Host", token);
        Assert.Equal(200, token.Status);
        Assert.False(string.IsNullOrEmpty((string?)JsonNode.Parse(token.Body)!["access_token"]));

        // What the front end is told: localhost (no server_name here), the host of an absolute request line, and a
        // client's own Host as it sent it.
        const string Ok = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
        var front = new TcpListener(IPAddress.Loopback, 0);
        front.Start();
        using var stop = new CancellationTokenSource();
        var heads = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var serving = Serve(front, Ok, stop.Token, heads);
        try
        {
            var recorded = await Start([((IPEndPoint)front.LocalEndpoint).Port]);
            Assert.Equal(204, (await Answer.Raw(recorded.Port, "GET /without-host HTTP/1.0\r\n\r\n")).Status);
            Assert.Equal(204, (await Answer.Raw(recorded.Port, "GET http://Shop.Example:8443/absolute-host HTTP/1.0\r\n\r\n")).Status);
            Assert.Equal(204, (await Answer.Raw(recorded.Port, "GET /with-host HTTP/1.0\r\nHost: shop.example:8443\r\n\r\n")).Status);
            // NginxProcess's own readiness requests (GET /health/live) came first; these are ours, in order.
            var hosts = heads.Select(h => h.Split("\r\n")).Where(l => l[0].Contains("-host ", StringComparison.Ordinal))
                .Select(l => l.Where(h => h.StartsWith("Host:", StringComparison.OrdinalIgnoreCase)).ToArray()).ToArray();
            output.WriteLine($"Host lines the front end got: {string.Join(" | ", hosts.Select(h => string.Join(", ", h)))}");
            Assert.Equal([["Host: localhost"], ["Host: shop.example"], ["Host: shop.example:8443"]], hosts);
        }
        finally
        {
            await stop.CancelAsync();
            front.Stop();
            await serving;
            front.Dispose();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in started)
        {
            await process.DisposeAsync();
        }
    }

    private async Task<NginxProcess> Start(int[] fronts, string extraHttp = "")
    {
        var nginx = await NginxProcess.Start(fronts, extraHttp);
        started.Add(nginx);
        return nginx;
    }

    /// <summary>Answers every connection with <paramref name="response"/>, keeping each request's head in <paramref name="heads"/>.</summary>
    private static async Task Serve(TcpListener listener, string response, CancellationToken stop, System.Collections.Concurrent.ConcurrentQueue<string>? heads = null)
    {
        var bytes = Encoding.ASCII.GetBytes(response);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var client = await listener.AcceptTcpClientAsync(stop);
                var stream = client.GetStream();
                var buffer = new byte[64 * 1024];
                var read = 0;
                while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal) && read < buffer.Length)
                {
                    var n = await stream.ReadAsync(buffer.AsMemory(read), stop);
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }

                heads?.Enqueue(Encoding.ASCII.GetString(buffer, 0, read));
                await stream.WriteAsync(bytes, stop);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    private static void AssertUnavailable(Answer answer, bool oauth)
    {
        Assert.Equal(503, answer.Status);
        Assert.Equal("5", answer.Header("Retry-After"));
        Assert.Equal("nginx", answer.Header("Server"));
        var body = JsonNode.Parse(answer.Body)!.AsObject();
        if (oauth)
        {
            // The front ends' own answer, word for word (WebFront/Token/OAuthError.cs).
            AssertOAuthHeaders(answer);
            var expected = OAuthError.TemporarilyUnavailable;
            Assert.Equal(expected.Error, (string?)body["error"]);
            Assert.Equal(expected.Description, (string?)body["error_description"]);
            Assert.Equal(expected.Description, (string?)body["message"]);
            Assert.Equal(3, body.Count);
        }
        else
        {
            // WebFront/Hosting/ErrorHandling.cs's words for a cluster that does not answer.
            AssertJsonApiError(answer, body, 503, "temporarily unavailable", "The cluster does not answer; try again shortly.");
        }
    }

    private static void AssertOAuthHeaders(Answer answer)
    {
        Assert.Equal(OAuthContentType, answer.Header("Content-Type"));
        Assert.Equal("no-store", answer.Header("Cache-Control"));
        Assert.Equal("no-cache", answer.Header("Pragma"));
    }

    private static void AssertJsonApiError(Answer answer, JsonObject body, int status, string? title, string detail)
    {
        Assert.Equal(JsonApi.MediaType, answer.Header("Content-Type"));
        var error = Assert.Single(body["errors"]!.AsArray())!.AsObject();
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)error["status"]);
        Assert.False(string.IsNullOrEmpty((string?)error["title"]));
        if (title is not null)
        {
            Assert.Equal(title, (string?)error["title"]);
        }

        Assert.Equal(detail, (string?)error["detail"]);
        Assert.Null(answer.Header("Cache-Control"));
    }

    private void Print(string kind, Answer answer) =>
        output.WriteLine($"{kind}: {answer.Status}; {string.Join("; ", answer.Headers.Where(h => h.Key is not "Date" and not "Content-Length").Select(h => $"{h.Key}: {h.Value}"))}; " +
            $"{(answer.Body.Length > 200 ? answer.Body[..200] + "…" : answer.Body)}");

    /// <summary>An answer as it came over the wire: status, headers as sent (joined when repeated), body.</summary>
    private sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

        public static async Task<Answer> Of(HttpResponseMessage response)
        {
            using (response)
            {
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var (name, values) in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
                {
                    headers[name] = string.Join(", ", values);
                }

                return new Answer((int)response.StatusCode, headers, await response.Content.ReadAsStringAsync());
            }
        }

        /// <summary>Sends bytes no HTTP client would and reads the answer up to its Content-Length.</summary>
        public static async Task<Answer> Raw(int port, string request)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var received = new MemoryStream();
            var buffer = new byte[16 * 1024];
            while (true)
            {
                var n = await stream.ReadAsync(buffer, deadline.Token);
                received.Write(buffer, 0, n);
                var text = Encoding.UTF8.GetString(received.ToArray());
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0)
                {
                    var lines = text[..end].Split("\r\n");
                    var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
                    var body = text[(end + 4)..];
                    var length = headers.TryGetValue("Content-Length", out var declared) ? int.Parse(declared, System.Globalization.CultureInfo.InvariantCulture) : -1;
                    if (n == 0 || Encoding.UTF8.GetByteCount(body) >= length && length >= 0)
                    {
                        return new Answer(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, body);
                    }
                }
                else if (n == 0)
                {
                    throw new IOException("nginx closed the connection without an answer: " + text);
                }
            }
        }
    }
}
