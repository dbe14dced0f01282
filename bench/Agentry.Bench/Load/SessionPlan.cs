using System.Text;
using System.Text.Json;

namespace Agentry.Bench.Load;

/// <summary>
/// Conversation turns: each client opens a session (untimed), sends <see cref="TurnsPerSession"/> turns on it,
/// then opens another, so histories stay short and alike; every turn carries a unique Idempotency-Key.
/// </summary>
internal sealed class SessionPlan(Uri api, string agent, string input) : LoadPlan
{
    public const int TurnsPerSession = 8;

    private static readonly byte[] EndTurn = "\"stop_reason\":\"end_turn\""u8.ToArray();
    private readonly Dictionary<int, string> _sessions = [];
    private readonly Uri _runs = new(api, $"/v1/agents/{agent}/runs");
    private readonly Uri _create = new(api, "/v1/sessions");
    private readonly byte[] _createBody = Encoding.UTF8.GetBytes($$"""{"agent":"{{agent}}"}""");

    public override async ValueTask<IReadOnlyList<LoadStep>> NextRunAsync(HttpClient client, int worker, long run, CancellationToken cancellationToken)
    {
        string? session;
        lock (_sessions)
        {
            _sessions.TryGetValue(worker, out session);
        }

        if (session is null || run % TurnsPerSession == 0)
        {
            session = await CreateSessionAsync(client, cancellationToken).ConfigureAwait(false);
            lock (_sessions)
            {
                _sessions[worker] = session;
            }
        }

        byte[] body = Encoding.UTF8.GetBytes($$"""{"input":{{JsonSerializer.Serialize(input, BenchJsonContext.Default.String)}},"session_id":"{{session}}"}""");
        return [new LoadStep { Uri = _runs, Body = body, UniqueIdempotencyKey = true, SuccessMarkers = [EndTurn] }];
    }

    private async Task<string> CreateSessionAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(_createBody);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using HttpResponseMessage response = await client.PostAsync(_create, content, cancellationToken).ConfigureAwait(false);
        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} creating a session: {text}");
        }

        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("session_id").GetString() ?? throw new InvalidDataException("session_id is null");
    }
}
