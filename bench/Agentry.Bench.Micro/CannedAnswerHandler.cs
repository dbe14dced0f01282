using System.Net;

namespace Agentry.Bench.Micro;

/// <summary>
/// Answers every request at once with the simulator's answer to "Hello there" (its JSON message, or its event
/// stream, captured from the simulator over HTTP, when the request asks for a stream), after reading the body.
/// </summary>
internal sealed class CannedAnswerHandler : HttpMessageHandler
{
    public static readonly byte[] Message = """
        {"id":"msg_sim_0196","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"This reply comes from the offline simulator. You wrote: \"Hello there\" (turn 1 of this conversation). Set ANTHROPIC_API_KEY to get answers from Claude."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":230,"output_tokens":38,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}
        """u8.ToArray();

    public static readonly byte[] EventStream = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "stream.sse"));

    private static readonly byte[] StreamFlag = "\"stream\":true"u8.ToArray();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        bool stream = false;
        if (request.Content is not null)
        {
            // Serialise the request as the socket handler would.
            byte[] body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            stream = body.AsSpan().IndexOf(StreamFlag) >= 0;
        }

        var content = new ByteArrayContent(stream ? EventStream : Message);
        content.Headers.TryAddWithoutValidation("Content-Type", stream ? "text/event-stream" : "application/json");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }
}
