using System.Net;
using System.Text.Json;
using Agentry.Core.Audit;
using Agentry.Core.Sessions;
using Agentry.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Agentry.Api.Tests.Endpoints;

/// <summary>
/// A run whose session changed while it ran: the model was called and paid for, so the run is audited and its
/// tokens count against the key's tokens-per-minute limit, although its turn is not saved and the answer is a 409.
/// </summary>
public sealed class SessionConflictTests
{
    private static readonly TimeSpan ModelLatency = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunThatLosesTheSessionRace_Is409_AndIsAuditedAndChargedToTheKey(bool stream)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var audit = new AwaitableAuditWriter();
        TestApiKey key = TestApiKey.Create("acme");
        await using AgentryServer server = await AgentryServer.StartAsync(
            services =>
            {
                services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
                services.AddSingleton<IAuditWriter>(audit);
            },
            [
                "--environment=Production",
                $"--Simulator:Latency={ModelLatency}",
                // The fake clock runs far ahead of the run while the test waits for it; the deadline must not end it.
                "--Agents:assistant:RunDeadline=01:00:00",
                .. key.Arguments(tokensPerMinute: 100),
            ]);
        string sessionId = await CreateSessionAsync(server, key);

        using HttpRequestMessage runRequest = key.Request(HttpMethod.Post, "/v1/agents/assistant/runs", $$"""{"input":"What is 17 * 23?","session_id":"{{sessionId}}","stream":{{(stream ? "true" : "false")}}}""");
        Task<HttpResponseMessage> running = server.Api.SendAsync(runRequest, HttpCompletionOption.ResponseHeadersRead);
        await RunsInFlight.WaitForAsync(server.Management, 1);

        // Another writer saves a turn while the run waits for the model.
        ISessionStore sessions = server.Services.GetRequiredService<ISessionStore>();
        AgentSession stored = (await sessions.GetAsync("acme", sessionId, CancellationToken.None))!;
        Assert.True(await sessions.AppendAsync("acme", sessionId, stored.Version, [new ChatMessage(ChatRole.User, "hi"), new ChatMessage(ChatRole.Assistant, "hello")], CancellationToken.None));
        Task<(HttpResponseMessage, string)> answered = ReadAsync(running);
        while (!answered.IsCompleted)
        {
            // The simulated model answers when the fake clock passes its latency (each model call of the run).
            time.Advance(ModelLatency);
            await Task.WhenAny(answered, Task.Delay(20));
        }

        (HttpResponseMessage answerMessage, string body) = await answered;
        using HttpResponseMessage answer = answerMessage;
        JsonElement problem = stream ? ErrorEvent(body) : JsonDocument.Parse(body).RootElement;
        string runId = problem.GetProperty("run_id").GetString()!;
        AuditEvent run = await audit.WaitForAsync(e => e.Type == AuditEventTypes.Run && e.RunId == runId);
        using HttpRequestMessage next = key.Request(HttpMethod.Get, "/v1/agents");
        using HttpResponseMessage refused = await server.Api.SendAsync(next);

        Assert.Equal(stream ? HttpStatusCode.OK : HttpStatusCode.Conflict, answer.StatusCode);
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.EndsWith("/session-conflict", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal("acme", run.Tenant);
        Assert.Equal("session_conflict", run.Outcome);
        Assert.True(run.Tokens > 100, $"the run's {run.Tokens} tokens");
        Assert.Equal("calculator", (await audit.WaitForAsync(e => e.Type == AuditEventTypes.ToolCall && e.RunId == runId)).Tool);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("tpm", (await JsonHttp.ReadAsync(refused)).GetProperty("limit").GetString());
        AgentSession after = (await sessions.GetAsync("acme", sessionId, CancellationToken.None))!;
        Assert.Equal(["hi", "hello"], after.Messages.Select(m => m.Text));
    }

    private static async Task<(HttpResponseMessage, string)> ReadAsync(Task<HttpResponseMessage> sending)
    {
        HttpResponseMessage response = await sending;
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> CreateSessionAsync(AgentryServer server, TestApiKey key)
    {
        using HttpRequestMessage request = key.Request(HttpMethod.Post, "/v1/sessions", """{"agent":"assistant"}""");
        using HttpResponseMessage created = await server.Api.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await JsonHttp.ReadAsync(created)).GetProperty("session_id").GetString()!;
    }

    private static JsonElement ErrorEvent(string stream)
    {
        foreach ((string name, JsonElement data) in ServerSentEvents.Parse(stream))
        {
            if (name == "error")
            {
                return data;
            }
        }

        Assert.Fail($"The stream has no error event:\n{stream}");
        return default;
    }
}
