using System.Net;
using System.Text.Json;
using Agentry.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace Agentry.Api.Tests.Security;

/// <summary>The admin API's key lifecycle, rate limits, and start-up refusal without keys.</summary>
public sealed class AdminAndRateLimitTests(SecuredServerFixture fixture) : IClassFixture<SecuredServerFixture>
{
    [Fact]
    public async Task AdminKey_CreatesListsAndRevokesKeys_SecretShownOnce()
    {
        using HttpResponseMessage created = await fixture.SendAsync(fixture.Admin, HttpMethod.Post, "/v1/admin/keys", """{"tenant":"hooli","name":"ci","requests_per_minute":100}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        JsonElement key = await JsonHttp.ReadAsync(created);
        string id = key.GetProperty("id").GetString()!;
        var made = new TestApiKey(id, key.GetProperty("key").GetString()!, "hooli");

        using HttpResponseMessage run = await fixture.SendAsync(made, HttpMethod.Post, "/v1/agents/assistant/runs", """{"input":"hello"}""");
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        using HttpResponseMessage usage = await fixture.SendAsync(made, HttpMethod.Get, "/v1/usage");
        Assert.Equal("hooli", (await JsonHttp.ReadAsync(usage)).GetProperty("tenant").GetString());

        using HttpResponseMessage list = await fixture.SendAsync(fixture.Admin, HttpMethod.Get, "/v1/admin/keys");
        string listed = await list.Content.ReadAsStringAsync();
        Assert.Contains(id, listed, StringComparison.Ordinal);
        Assert.Contains(fixture.Acme.Id, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(made.Key, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Acme.Key, listed, StringComparison.Ordinal);

        using HttpResponseMessage revoked = await fixture.SendAsync(fixture.Admin, HttpMethod.Delete, $"/v1/admin/keys/{id}");
        using HttpResponseMessage after = await fixture.SendAsync(made, HttpMethod.Post, "/v1/agents/assistant/runs", """{"input":"hello"}""");
        using HttpResponseMessage again = await fixture.SendAsync(fixture.Admin, HttpMethod.Delete, $"/v1/admin/keys/{id}");
        using HttpResponseMessage configured = await fixture.SendAsync(fixture.Admin, HttpMethod.Delete, $"/v1/admin/keys/{fixture.Acme.Id}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, configured.StatusCode);
    }

    [Fact]
    public async Task AdminKey_SetsAndRemovesATenantsBudget_WhichTakesEffectAtOnce()
    {
        using HttpResponseMessage created = await fixture.SendAsync(fixture.Admin, HttpMethod.Post, "/v1/admin/keys", """{"tenant":"frugal"}""");
        JsonElement made = await JsonHttp.ReadAsync(created);
        var frugal = new TestApiKey(made.GetProperty("id").GetString()!, made.GetProperty("key").GetString()!, "frugal");
        using HttpResponseMessage before = await fixture.SendAsync(fixture.Admin, HttpMethod.Get, "/v1/admin/tenants/frugal/budget");
        Assert.Equal("config", (await JsonHttp.ReadAsync(before)).GetProperty("source").GetString());

        using HttpResponseMessage set = await fixture.SendAsync(fixture.Admin, HttpMethod.Put, "/v1/admin/tenants/frugal/budget", """{"daily_usd":0.000001}""");
        using HttpResponseMessage refused = await fixture.SendAsync(frugal, HttpMethod.Post, "/v1/agents/assistant/runs", """{"input":"hello"}""");
        using HttpResponseMessage usage = await fixture.SendAsync(frugal, HttpMethod.Get, "/v1/usage");
        using HttpResponseMessage removed = await fixture.SendAsync(fixture.Admin, HttpMethod.Delete, "/v1/admin/tenants/frugal/budget");
        using HttpResponseMessage admitted = await fixture.SendAsync(frugal, HttpMethod.Post, "/v1/agents/assistant/runs", """{"input":"hello"}""");
        using HttpResponseMessage again = await fixture.SendAsync(fixture.Admin, HttpMethod.Delete, "/v1/admin/tenants/frugal/budget");
        using HttpResponseMessage bad = await fixture.SendAsync(fixture.Admin, HttpMethod.Put, "/v1/admin/tenants/frugal/budget", """{"daily_usd":-1}""");
        using HttpResponseMessage notAdmin = await fixture.SendAsync(frugal, HttpMethod.Put, "/v1/admin/tenants/frugal/budget", """{"daily_usd":1000}""");

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("admin", (await JsonHttp.ReadAsync(set)).GetProperty("source").GetString());
        Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
        Assert.Equal(0.000001m, (await JsonHttp.ReadAsync(usage)).GetProperty("budget").GetProperty("daily_limit_usd").GetDecimal());
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
    }

    [Theory]
    [InlineData("""{"tenant":"Bad Tenant"}""", "tenant")]
    [InlineData("""{"name":"x"}""", "tenant")]
    [InlineData("""{"tenant":"acme","agents":["nope"]}""", "agents")]
    [InlineData("""{"tenant":"acme","requests_per_minute":-1}""", "requests_per_minute")]
    [InlineData("""{"tenant":"acme","admin":"yes"}""", "admin")]
    public async Task CreateKey_WithBadBody_Answers400NamingTheField(string body, string field)
    {
        using HttpResponseMessage response = await fixture.SendAsync(fixture.Admin, HttpMethod.Post, "/v1/admin/keys", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await JsonHttp.ReadAsync(response)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task AdminUsage_ListsEveryTenantsReport()
    {
        using HttpResponseMessage run = await fixture.SendAsync(fixture.Globex, HttpMethod.Post, "/v1/agents/assistant/runs", """{"input":"What is 9 * 9?"}""");
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);

        using HttpResponseMessage response = await fixture.SendAsync(fixture.Admin, HttpMethod.Get, "/v1/admin/usage");
        JsonElement tenants = (await JsonHttp.ReadAsync(response)).GetProperty("tenants");
        JsonElement globex = tenants.EnumerateArray().Single(t => t.GetProperty("tenant").GetString() == "globex");

        Assert.Contains(tenants.EnumerateArray(), t => t.GetProperty("tenant").GetString() == "acme");
        Assert.True(globex.GetProperty("total").GetProperty("calls").GetInt64() >= 2);
        Assert.True(globex.GetProperty("total").GetProperty("cost_usd").GetDecimal() > 0);
    }

    [Fact]
    public async Task RequestsPerMinute_RefusesWith429RetryAfterAndRateLimitHeaders()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (int i = 0; i < 5; i++)
        {
            HttpResponseMessage response = await fixture.SendAsync(fixture.Limited, HttpMethod.Get, "/v1/agents");
            statuses.Add(response.StatusCode);
            Assert.Equal("3", response.Headers.GetValues("RateLimit-Limit").Single());
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused ??= response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(refused);
        int retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 21);
        Assert.Equal("0", refused.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.Equal("rpm", (await JsonHttp.ReadAsync(refused)).GetProperty("limit").GetString());
        refused.Dispose();

        using HttpResponseMessage other = await fixture.SendAsync(fixture.Acme, HttpMethod.Get, "/v1/agents");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Production_WithoutKeys_RefusesToStartSayingWhatToSet()
    {
        await using WebApplication app = AgentryServer.Build(out _, out _, "--environment=Production");

        OptionsValidationException ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Security:ApiKeys", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--new-api-key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_WithoutKeys_AcceptsAnonymousCallsFromLoopback()
    {
        await using AgentryServer server = await AgentryServer.StartAsync("--environment=Development");

        using HttpResponseMessage response = await server.Api.GetAsync("/v1/agents");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(server.Services.GetService(typeof(Agentry.Api.Security.AnonymousAccess)) is Agentry.Api.Security.AnonymousAccess { Enabled: true });
    }
}
