using Agentry.Api.Security;
using Agentry.Core.Audit;
using Agentry.Core.Security;
using Agentry.Core.Telemetry;
using Agentry.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Agentry.Api.Tests.Security;

public sealed class RateLimitMiddlewareTests
{
    [Fact]
    public async Task Refusals_AreAuditedOncePerKeyLimitAndMinute()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 5, TimeSpan.Zero));
        var audit = new CapturingAuditSink();
        using var meters = new TestMeterFactory();
        var middleware = new RateLimitMiddleware(new InMemoryRateLimitStore(), new AgentryMetrics(meters), audit, time, NullLogger<RateLimitMiddleware>.Instance);
        ApiCaller one = Caller("key_one"), two = Caller("key_two");

        // 2 allowed a minute: the 3rd to 6th requests of key one are refused, one audit event for them.
        int[] statuses = [.. await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SendAsync(middleware, one)))];
        Assert.Equal(4, statuses.Count(s => s == StatusCodes.Status429TooManyRequests));
        Assert.Equal(StatusCodes.Status200OK, await SendAsync(middleware, two));
        AuditEvent refused = Assert.Single(audit.Events);
        Assert.Equal((AuditEventTypes.RateLimited, "acme", "key_one", "rpm", "refused"), (refused.Type, refused.Tenant, refused.KeyId, refused.Detail, refused.Outcome));

        // The next minute's first refusal is audited again; another key's first refusal is its own event.
        time.Advance(TimeSpan.FromSeconds(60));
        for (int i = 0; i < 4; i++)
        {
            await SendAsync(middleware, one);
            await SendAsync(middleware, two);
        }

        Assert.Equal(["key_one", "key_one", "key_two"], audit.Events.Select(e => e.KeyId!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RequestsOutsideTheApi_UseNoneOfTheKeysAllowance()
    {
        using var meters = new TestMeterFactory();
        var middleware = new RateLimitMiddleware(new InMemoryRateLimitStore(), new AgentryMetrics(meters), new CapturingAuditSink(), TimeProvider.System, NullLogger<RateLimitMiddleware>.Instance);
        ApiCaller caller = Caller("key_one");

        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(StatusCodes.Status200OK, await SendAsync(middleware, caller, "/openapi/v1.json"));
        }

        Assert.Equal(StatusCodes.Status200OK, await SendAsync(middleware, caller));
        Assert.Equal(StatusCodes.Status200OK, await SendAsync(middleware, caller));
        Assert.Equal(StatusCodes.Status429TooManyRequests, await SendAsync(middleware, caller));
    }

    private static ApiCaller Caller(string id) => new(
        new ApiKeyRecord { Id = id, Tenant = "acme", Sha256 = new string('0', 64) },
        new RateLimits(RequestsPerMinute: 2, TokensPerMinute: 0),
        anonymous: false);

    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    private static async Task<int> SendAsync(RateLimitMiddleware middleware, ApiCaller caller, string path = "/v1/agents")
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Path = path;
        caller.AttachTo(context);
        await middleware.InvokeAsync(context, c =>
        {
            c.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        return context.Response.StatusCode;
    }
}
