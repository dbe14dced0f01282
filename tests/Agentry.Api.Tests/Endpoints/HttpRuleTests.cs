using System.Net;
using Agentry.Core.Budgets;
using Agentry.Core.Idempotency;
using Agentry.Core.Security;
using Agentry.Core.Sessions;
using Agentry.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agentry.Api.Tests.Endpoints;

/// <summary>
/// The cross-cutting HTTP rules hold on every endpoint they concern: storage that is down is a 503 with Retry-After
/// (and the security headers), a key's agent scope is audited wherever it denies, and a tenant in a path is checked
/// the same way on every admin call.
/// </summary>
public sealed class HttpRuleTests
{
    public static TheoryData<string, string, string?> StoreBackedCalls => new()
    {
        { "GET", "/v1/admin/keys", null },
        { "POST", "/v1/admin/keys", """{"tenant":"acme"}""" },
        { "DELETE", "/v1/admin/keys/abcdef012345", null },
        { "GET", "/v1/admin/tenants/acme/budget", null },
        { "PUT", "/v1/admin/tenants/acme/budget", """{"daily_usd":5}""" },
        { "DELETE", "/v1/admin/tenants/acme/budget", null },
        { "GET", "/v1/admin/usage", null },
        { "GET", "/v1/usage", null },
        { "POST", "/v1/sessions", """{"agent":"assistant"}""" },
        { "GET", "/v1/sessions/ses_0123456789abcdef0123456789abcdef", null },
        { "DELETE", "/v1/sessions/ses_0123456789abcdef0123456789abcdef", null },
        { "IDEMPOTENT", "/v1/agents/assistant/runs", """{"input":"What is 2 + 2?"}""" },
        { "IDEMPOTENT", "/v1/agents/assistant/runs", """{"input":"What is 2 + 2?","stream":true}""" },
    };

    [Theory]
    [MemberData(nameof(StoreBackedCalls))]
    public async Task StoreDown_Is503ProblemWithRetryAfterAndSecurityHeaders(string method, string path, string? json)
    {
        TestApiKey admin = TestApiKey.Create("acme");
        await using AgentryServer server = await AgentryServer.StartAsync(
            services =>
            {
                services.Replace(ServiceDescriptor.Singleton(UnavailableStore.Of<IApiKeyStore>()));
                services.Replace(ServiceDescriptor.Singleton(UnavailableStore.Of<IBudgetLimitStore>()));
                services.Replace(ServiceDescriptor.Singleton(UnavailableStore.Of<IBudgetStore>()));
                services.Replace(ServiceDescriptor.Singleton(UnavailableStore.Of<ISessionStore>()));
                services.Replace(ServiceDescriptor.Singleton(UnavailableStore.Of<IIdempotencyStore>()));
            },
            ["--environment=Production", .. admin.Arguments(admin: true)]);
        using HttpRequestMessage request = admin.Request(method == "IDEMPOTENT" ? HttpMethod.Post : new HttpMethod(method), path, json);
        if (method == "IDEMPOTENT")
        {
            request.Headers.Add("Idempotency-Key", "store-down-1");
            if (json!.Contains("\"stream\":true", StringComparison.Ordinal))
            {
                request.Headers.Accept.ParseAdd("text/event-stream");
            }
        }

        using HttpResponseMessage response = await server.Api.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        string body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"status\":503", body, StringComparison.Ordinal);
        Assert.DoesNotContain("injected", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/agents/assistant/runs", """{"input":"hello"}""")]
    [InlineData("/v1/sessions", """{"agent":"assistant"}""")]
    public async Task AgentScopeDenial_Is403_AndAudited(string path, string json)
    {
        using var audit = new AwaitableAuditWriter();
        TestApiKey scoped = TestApiKey.Create("acme");
        await using AgentryServer server = await AgentryServer.StartAsync(
            services => services.AddSingleton<Agentry.Core.Audit.IAuditWriter>(audit),
            ["--environment=Production", .. scoped.Arguments(agents: "some-other-agent")]);

        using HttpResponseMessage response = await server.Api.SendAsync(scoped.Request(HttpMethod.Post, path, json));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Agentry.Core.Audit.AuditEvent denied = await audit.WaitForAsync(e => e.Type == Agentry.Core.Audit.AuditEventTypes.AccessDenied);
        Assert.Equal(scoped.Id, denied.KeyId);
        Assert.Equal("acme", denied.Tenant);
        Assert.Equal("assistant", denied.Agent);
        Assert.Equal("agent_scope", denied.Detail);
    }

    [Theory]
    [InlineData("GET", null)]
    [InlineData("PUT", """{"daily_usd":5}""")]
    [InlineData("DELETE", null)]
    public async Task InvalidTenantInThePath_IsThe400OfEveryBudgetCall(string method, string? json)
    {
        TestApiKey admin = TestApiKey.Create("acme");
        await using AgentryServer server = await AgentryServer.StartAsync(["--environment=Production", .. admin.Arguments(admin: true)]);

        using HttpResponseMessage response = await server.Api.SendAsync(admin.Request(new HttpMethod(method), "/v1/admin/tenants/Not%20A%20Tenant/budget", json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"field\":\"tenant\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
