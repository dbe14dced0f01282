using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Agentry.Api.Contracts;
using Agentry.Core.Agents;

namespace Agentry.Api.Http;

/// <summary>
/// Writes a run's events as Server-Sent Events straight into the response pipe, one flush per event,
/// serialising with the source-generated contracts (no intermediate strings).
/// </summary>
internal sealed class ServerSentEventSink : IAgentRunSink, IDisposable
{
    private static readonly byte[] EventPrefix = "event: "u8.ToArray();
    private static readonly byte[] DataPrefix = "\ndata: "u8.ToArray();
    private static readonly byte[] FrameEnd = "\n\n"u8.ToArray();

    private readonly HttpResponse _response;
    private readonly Utf8JsonWriter _json;

    public ServerSentEventSink(HttpResponse response)
    {
        _response = response;
        _json = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { SkipValidation = true, Encoder = ApiJson.Encoder });
    }

    public bool Started { get; private set; }

    public void Dispose() => _json.Dispose();

    public async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        _response.StatusCode = StatusCodes.Status200OK;
        _response.ContentType = "text/event-stream; charset=utf-8";
        _response.Headers.CacheControl = "no-cache";
        _response.Headers["X-Accel-Buffering"] = "no";
        Started = true;
        await _response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask OnEventAsync(AgentRunEvent runEvent, CancellationToken cancellationToken) => runEvent switch
    {
        RunStartedEvent e => WriteAsync("run.started", new RunStartedData(e.RunId, e.Agent, e.SessionId, e.Provider, e.Model), ApiJson.Context.RunStartedData, cancellationToken),
        TextDeltaEvent e => WriteAsync("text.delta", new TextDeltaData(e.Text), ApiJson.Context.TextDeltaData, cancellationToken),
        ToolCallEvent e => WriteAsync("tool.call", new ToolCallData(e.CallId, e.Name, e.Arguments), ApiJson.Context.ToolCallData, cancellationToken),
        ToolResultEvent e => WriteAsync("tool.result", RunResponses.ToolCall(e.Call), ApiJson.Context.ToolCallResponse, cancellationToken),
        UsageEvent e => WriteAsync("usage", new UsageData(e.Iteration, RunResponses.Usage(e.Usage), e.CostUsd), ApiJson.Context.UsageData, cancellationToken),
        _ => ValueTask.CompletedTask,
    };

    public ValueTask CompleteAsync(RunResponse response, CancellationToken cancellationToken) =>
        WriteAsync("run.completed", response, ApiJson.Context.RunResponse, cancellationToken);

    public ValueTask ErrorAsync(ErrorData error, CancellationToken cancellationToken) =>
        WriteAsync("error", error, ApiJson.Context.ErrorData, cancellationToken);

    private async ValueTask WriteAsync<T>(string name, T data, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        if (!Started)
        {
            await StartAsync(cancellationToken).ConfigureAwait(false);
        }

        IBufferWriter<byte> writer = _response.BodyWriter;
        writer.Write(EventPrefix);
        WriteAscii(writer, name);
        writer.Write(DataPrefix);
        _json.Reset(writer);
        JsonSerializer.Serialize(_json, data, typeInfo);
        _json.Flush();
        writer.Write(FrameEnd);
        await _response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteAscii(IBufferWriter<byte> writer, string text)
    {
        Span<byte> span = writer.GetSpan(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        writer.Advance(text.Length);
    }
}
