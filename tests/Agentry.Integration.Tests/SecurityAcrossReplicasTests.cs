using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Agentry.Testing;
using Xunit.Abstractions;

namespace Agentry.Integration.Tests;

/// <summary>
/// Two real Production processes on one Redis, with keys only: rate limits (requests and tokens per minute) and
/// revocations hold across them, the
/// audit chain verifies from the log and from the Redis stream (and breaks when one event is altered), and no
/// configured secret appears in any log line.
/// </summary>
public sealed class SecurityAcrossReplicasTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestApiKey _limited = TestApiKey.Create("acme");
    private readonly TestApiKey _thrifty = TestApiKey.Create("acme");
    private readonly TestApiKey _admin = TestApiKey.Create("ops");
    private readonly string _providerKey = "sk-ant-api03-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
    private RedisServer? _redis;
    private SimulatorHost? _simulator;
    private AgentryProcess? _first;
    private AgentryProcess? _second;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _simulator = await SimulatorHost.StartAsync();
        var settings = ReplicaSettings.For(_redis.ConnectionString,
            ("DOTNET_ENVIRONMENT", "Production"),
            ("Agents__assistant__Provider", "anthropic"),
            ("Providers__Anthropic__ApiKey", _providerKey),
            ("Providers__Anthropic__BaseUrl", _simulator.BaseUrl),
            ("Security__KeyCacheDuration", "00:00:01"),
            ("Logging__LogLevel__Default", "Debug"));
        foreach ((string name, string value) in _limited.Settings(requestsPerMinute: 10).Concat(_thrifty.Settings(requestsPerMinute: 600, tokensPerMinute: 1)).Concat(_admin.Settings(admin: true)))
        {
            settings[name] = value;
        }

        _first = await AgentryProcess.StartAsync(settings);
        _second = await AgentryProcess.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        foreach (IAsyncDisposable? part in new IAsyncDisposable?[] { _first, _second, _simulator, _redis })
        {
            if (part is not null)
            {
                await part.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task RateLimit_RevocationAuditAndSecretHygiene_HoldAcrossTwoReplicas()
    {
        // 1. 10 requests per minute across both replicas: of 20 alternating requests, exactly 10 pass.
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 20; i++)
        {
            AgentryProcess replica = i % 2 == 0 ? _first! : _second!;
            using HttpRequestMessage request = _limited.Request(HttpMethod.Post, "/v1/agents/assistant/runs", $$"""{"input":"What is {{i}} + 1?"}""");
            using HttpResponseMessage response = await replica.Api.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        output.WriteLine(string.Join(' ', statuses.Select(s => (int)s)));
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.TooManyRequests));

        // 1b. 1 token per minute across both replicas: a run on the first uses more, and with no further request there
        // its charge still reaches Redis within the flush interval (250 ms), so the second refuses even a tokenless call.
        using (HttpRequestMessage run = _thrifty.Request(HttpMethod.Post, "/v1/agents/assistant/runs", """{"input":"What is 2 + 2?"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, (await _first!.Api.SendAsync(run)).StatusCode);
        }

        var charged = Stopwatch.StartNew();
        while (await StatusAsync(_second!, _thrifty) == HttpStatusCode.OK)
        {
            Assert.True(charged.Elapsed < TimeSpan.FromSeconds(10), "the tokens used on one replica did not limit the key on the other after 10 s");
            await Task.Delay(50);
        }

        output.WriteLine($"a token charge reached the other replica within {charged.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(_second!, _thrifty));

        // 2. A key made on one replica works on the other; revoked on one, the other refuses it within seconds.
        using HttpRequestMessage create = _admin.Request(HttpMethod.Post, "/v1/admin/keys", """{"tenant":"hooli"}""");
        using HttpResponseMessage created = await _first!.Api.SendAsync(create);
        JsonElement made = await JsonHttp.ReadAsync(created);
        var key = new TestApiKey(made.GetProperty("id").GetString()!, made.GetProperty("key").GetString()!, "hooli");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(_second!, key));
        using HttpRequestMessage revoke = _admin.Request(HttpMethod.Delete, $"/v1/admin/keys/{key.Id}");
        Assert.Equal(HttpStatusCode.NoContent, (await _first.Api.SendAsync(revoke)).StatusCode);
        var clock = Stopwatch.StartNew();
        while (await StatusAsync(_second!, key) == HttpStatusCode.OK)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the revoked key still worked on the other replica after 10 s");
            await Task.Delay(100);
        }

        output.WriteLine($"revocation reached the other replica after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(_second!, key));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(_second!, TestApiKey.Create("acme")));

        // 3. The audit chain verifies from a replica's log and from the Redis stream; one altered event breaks it.
        // Every event is on stdout when it happens; the stream is written in batches: wait until it holds them all.
        int logged = _first.Output.Concat(_second!.Output).Count(l => l.Contains("\"category\":\"Agentry.Audit\"", StringComparison.Ordinal));
        var flushed = Stopwatch.StartNew();
        while (long.Parse((await _redis!.CommandAsync("XLEN agentry:{audit}:stream")).TrimStart(':'), System.Globalization.CultureInfo.InvariantCulture) < logged)
        {
            Assert.True(flushed.Elapsed < TimeSpan.FromSeconds(10), $"the Redis audit stream did not reach the {logged} events of the logs within 10 s");
            await Task.Delay(50);
        }

        string log = Path.Combine(Path.GetTempPath(), $"agentry-audit-{Guid.NewGuid():N}.log");
        try
        {
            string[] lines = _first.Output.ToArray();
            await File.WriteAllLinesAsync(log, lines);
            string[] audit = lines.Concat(_second!.Output).Where(l => l.Contains("\"category\":\"Agentry.Audit\"", StringComparison.Ordinal)).ToArray();
            Assert.Contains(audit, l => l.Contains("\"audit_type\":\"run\"", StringComparison.Ordinal));
            Assert.Contains(audit, l => l.Contains("\"audit_type\":\"tool_call\"", StringComparison.Ordinal));
            Assert.Contains(audit, l => l.Contains("key_created", StringComparison.Ordinal));
            Assert.Contains(audit, l => l.Contains("auth_failure", StringComparison.Ordinal));
            Assert.Contains(audit, l => l.Contains("\"audit_type\":\"rate_limited\"", StringComparison.Ordinal));
            (int code, string said) = await VerifyAsync("--verify-audit", log);
            Assert.True(code == 0, said);
            (int redisCode, string redisSaid) = await VerifyAsync("--verify-audit-redis", _redis!.ConnectionString);
            Assert.True(redisCode == 0, redisSaid);
            output.WriteLine(said + " / " + redisSaid);

            int target = Array.FindIndex(lines, l => l.Contains("\"audit_type\":\"run\"", StringComparison.Ordinal));
            Assert.True(target >= 0, "no run event in the log");
            string altered = lines[target].Replace("\"outcome\":\"", "\"outcome\":\"x", StringComparison.Ordinal);
            Assert.NotEqual(lines[target], altered);
            lines[target] = altered;
            await File.WriteAllLinesAsync(log, lines);
            (int broken, string brokenSaid) = await VerifyAsync("--verify-audit", log);
            Assert.True(broken == 1, brokenSaid);
            Assert.Contains("BROKEN", brokenSaid, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(log);
        }

        // 4. No configured secret in any log line of either replica (debug logs on, real traffic, failed logins included).
        string[] secrets = [_providerKey, _limited.Key, _thrifty.Key, _admin.Key, key.Key];
        foreach (string line in _first.Output.Concat(_second!.Output))
        {
            foreach (string secret in secrets)
            {
                Assert.False(line.Contains(secret, StringComparison.Ordinal), $"a secret appeared in a log line: {line[..Math.Min(line.Length, 200)]}");
                Assert.False(line.Contains(secret[..20], StringComparison.Ordinal) && secret != _providerKey, "a key prefix beyond its id appeared in a log line");
            }
        }

        Assert.True(_first.Output.Count > 20, "the replicas logged too little for the secret check to mean anything");

        // 5. The configuration dump on the management port names every setting and hides every secret value.
        string dump = await _first.Management.GetStringAsync("/config");
        Assert.Contains("\"Providers:Anthropic:ApiKey\": \"***\"".Replace(" ", "", StringComparison.Ordinal), dump, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"Security:ApiKeys:{_limited.Id}:Tenant", dump, StringComparison.Ordinal);
        foreach (string secret in secrets)
        {
            Assert.DoesNotContain(secret, dump, StringComparison.Ordinal);
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(AgentryProcess replica, TestApiKey key)
    {
        using HttpRequestMessage request = key.Request(HttpMethod.Get, "/v1/agents");
        using HttpResponseMessage response = await replica.Api.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<(int Code, string Output)> VerifyAsync(string command, string argument)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepositoryPaths.ApiAssembly);
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        string said = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, said.Trim());
    }
}
