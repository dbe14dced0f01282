using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Agentry.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Agentry.Api.Tests.Security;

/// <summary>No <c>/v1</c> route answers without a valid key; scopes and tenants hold.</summary>
public sealed class AuthenticationTests(SecuredServerFixture fixture) : IClassFixture<SecuredServerFixture>
{
    public static TheoryData<string, string?> BadCredentials => new()
    {
        { "no key", null },
        { "empty bearer", "Bearer " },
        { "malformed key", "Bearer not-a-key" },
        { "well-formed unknown key", "Bearer " + Agentry.Core.Security.ApiKeyFormat.Generate().Key },
        { "basic scheme", "Basic dXNlcjpwYXNz" },
        { "injection in key", "Bearer agk_' OR '1'='1" },
    };

    [Theory]
    [MemberData(nameof(BadCredentials))]
    public async Task EveryV1Route_WithoutValidKey_Answers401ProblemDetails(string because, string? authorization)
    {
        List<(string Method, string Path)> routes = V1Routes();
        Assert.True(routes.Count >= 9, $"expected every /v1 route, found {routes.Count}");
        foreach ((string method, string path) in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT")
            {
                request.Content = JsonHttp.Body("""{"input":"hi","agent":"assistant","tenant":"acme"}""");
            }

            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using HttpResponseMessage response = await fixture.Server.Api.SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with {because}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            string body = await response.Content.ReadAsStringAsync();
            if (authorization is { Length: > 7 })
            {
                Assert.DoesNotContain(authorization[7..], body, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task ValidKey_AsBearerOrXApiKey_RunsTheAgent()
    {
        using HttpResponseMessage bearer = await fixture.SendAsync(fixture.Acme, HttpMethod.Post, "/v1/agents/assistant/runs", """{"input":"What is 2 + 2?"}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/agents/assistant/runs") { Content = JsonHttp.Body("""{"input":"What is 2 + 3?"}""") };
        request.Headers.Add("x-api-key", fixture.Acme.Key);
        using HttpResponseMessage header = await fixture.Server.Api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, header.StatusCode);
        Assert.Contains("5", (await JsonHttp.ReadAsync(header)).GetProperty("output").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyScopedToOneAgent_CannotRunAnother()
    {
        using HttpResponseMessage allowed = await fixture.SendAsync(fixture.HelperOnly, HttpMethod.Post, "/v1/agents/helper/runs", """{"input":"hello"}""");
        using HttpResponseMessage denied = await fixture.SendAsync(fixture.HelperOnly, HttpMethod.Post, "/v1/agents/assistant/runs", """{"input":"hello"}""");
        using HttpResponseMessage session = await fixture.SendAsync(fixture.HelperOnly, HttpMethod.Post, "/v1/sessions", """{"agent":"assistant"}""");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, session.StatusCode);
        Assert.Equal("application/problem+json", denied.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task NonAdminKey_CannotUseAdminApi()
    {
        foreach ((HttpMethod method, string path) in new[] { (HttpMethod.Get, "/v1/admin/keys"), (HttpMethod.Post, "/v1/admin/keys"), (HttpMethod.Delete, "/v1/admin/keys/abcdefabcdef"), (HttpMethod.Get, "/v1/admin/usage") })
        {
            using HttpResponseMessage response = await fixture.SendAsync(fixture.Acme, method, path, method == HttpMethod.Post ? """{"tenant":"acme"}""" : null);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task SecondTenant_CannotReadContinueOrDeleteFirstTenantsSession()
    {
        using HttpResponseMessage created = await fixture.SendAsync(fixture.Acme, HttpMethod.Post, "/v1/sessions", """{"agent":"assistant"}""");
        string id = (await JsonHttp.ReadAsync(created)).GetProperty("session_id").GetString()!;
        using HttpResponseMessage run = await fixture.SendAsync(fixture.Acme, HttpMethod.Post, "/v1/agents/assistant/runs", $$"""{"input":"My name is Ada.","session_id":"{{id}}"}""");
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);

        using HttpResponseMessage read = await fixture.SendAsync(fixture.Globex, HttpMethod.Get, $"/v1/sessions/{id}");
        using HttpResponseMessage cont = await fixture.SendAsync(fixture.Globex, HttpMethod.Post, "/v1/agents/assistant/runs", $$"""{"input":"What is my name?","session_id":"{{id}}"}""");
        using HttpResponseMessage delete = await fixture.SendAsync(fixture.Globex, HttpMethod.Delete, $"/v1/sessions/{id}");
        using HttpResponseMessage stillThere = await fixture.SendAsync(fixture.Acme, HttpMethod.Get, $"/v1/sessions/{id}");

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cont.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        Assert.Equal(2, (await JsonHttp.ReadAsync(stillThere)).GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task SecondTenant_SeesOnlyItsOwnUsageAndIdempotencyKeys()
    {
        string key = Guid.NewGuid().ToString("N");
        using HttpRequestMessage first = fixture.Acme.Request(HttpMethod.Post, "/v1/agents/assistant/runs", """{"input":"What is 6 * 7?"}""");
        first.Headers.Add("Idempotency-Key", key);
        using HttpResponseMessage acmeRun = await fixture.Server.Api.SendAsync(first);
        using HttpRequestMessage second = fixture.Globex.Request(HttpMethod.Post, "/v1/agents/assistant/runs", """{"input":"What is 6 * 7?"}""");
        second.Headers.Add("Idempotency-Key", key);
        using HttpResponseMessage globexRun = await fixture.Server.Api.SendAsync(second);

        Assert.Equal(HttpStatusCode.OK, globexRun.StatusCode);
        Assert.False(globexRun.Headers.Contains("Idempotent-Replayed"), "another tenant's idempotency key must not replay");
        Assert.NotEqual((await JsonHttp.ReadAsync(acmeRun)).GetProperty("run_id").GetString(), (await JsonHttp.ReadAsync(globexRun)).GetProperty("run_id").GetString());

        using HttpResponseMessage usage = await fixture.SendAsync(fixture.Globex, HttpMethod.Get, "/v1/usage");
        JsonElement report = await JsonHttp.ReadAsync(usage);
        Assert.Equal("globex", report.GetProperty("tenant").GetString());
    }

    [Fact]
    public async Task Responses_CarrySecurityHeaders()
    {
        using HttpResponseMessage response = await fixture.SendAsync(fixture.Acme, HttpMethod.Get, "/v1/agents");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.False(response.Headers.Contains("Server"));
    }

    private List<(string Method, string Path)> V1Routes()
    {
        var routes = new List<(string, string)>();
        foreach (EndpointDataSource source in fixture.Server.Services.GetServices<EndpointDataSource>())
        {
            foreach (RouteEndpoint endpoint in source.Endpoints.OfType<RouteEndpoint>())
            {
                string? pattern = endpoint.RoutePattern.RawText;
                if (pattern is null || !pattern.StartsWith("/v1", StringComparison.Ordinal))
                {
                    continue;
                }

                string path = pattern.Replace("{agent}", "assistant", StringComparison.Ordinal).Replace("{id}", "abcdefabcdef", StringComparison.Ordinal);
                foreach (string method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                {
                    routes.Add((method, path));
                }
            }
        }

        return routes;
    }
}
