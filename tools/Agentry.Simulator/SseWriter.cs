using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;

namespace Agentry.Simulator;

/// <summary>
/// Writes Server-Sent Events frames (<c>event: type\ndata: json\n\n</c>) straight into the response pipe,
/// reusing one <see cref="Utf8JsonWriter"/>, and flushes each frame so the client sees it at once.
/// </summary>
internal sealed class SseWriter : IDisposable
{
    private readonly PipeWriter _pipe;
    private readonly Utf8JsonWriter _json;

    public SseWriter(PipeWriter pipe)
    {
        _pipe = pipe;
        _json = new Utf8JsonWriter(pipe, AnthropicWireWriter.WriterOptions);
    }

    /// <summary>Starts a frame; write exactly one JSON value to the returned writer, then call <see cref="EndAsync"/>.</summary>
    public Utf8JsonWriter Start(string eventType)
    {
        _pipe.Write("event: "u8);
        Encoding.UTF8.GetBytes(eventType, _pipe);
        _pipe.Write("\ndata: "u8);
        _json.Reset(_pipe);
        return _json;
    }

    public async ValueTask EndAsync(CancellationToken cancellationToken)
    {
        _json.Flush();
        _pipe.Write("\n\n"u8);
        await _pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _json.Dispose();
}
