using System.Globalization;
using System.Text.Json;
using Agentry.Providers.Simulator;

namespace Agentry.Simulator;

/// <summary>
/// <c>POST /v1/messages</c>: parses the Anthropic request, asks <see cref="SimulatorEngine"/>, and answers as
/// one JSON message or as Anthropic's event stream, paced by <see cref="SimulatorOptions"/>.
/// </summary>
internal sealed class MessagesEndpoint(SimulatorOptions options, TimeProvider time, SimulatorStats stats)
{
    // Fixed counts for the cache trigger, distinct from each other so a test can tell which field went where.
    private static readonly WireUsage CacheTestUsage = new(InputTokens: 10, OutputTokens: 0, CacheCreationInputTokens: 3, CacheReadInputTokens: 100);

    private readonly SimulatorPromptCache _promptCache = new(time);

    public async Task HandleAsync(HttpContext context)
    {
        stats.RecordRequest();
        CancellationToken aborted = context.RequestAborted;
        try
        {
            // Any value will do: the point is that a client which forgot its key fails here as it would upstream.
            // SDK 13.x sends its API key as "Authorization: Bearer", older clients as x-api-key; take either.
            if (!context.Request.Headers.ContainsKey("x-api-key") && !context.Request.Headers.ContainsKey("Authorization"))
            {
                await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "authentication_error", "an x-api-key or Authorization header is required", aborted).ConfigureAwait(false);
                return;
            }

            AnthropicWireRequest request;
            try
            {
                using JsonDocument body = await JsonDocument.ParseAsync(context.Request.Body, default, aborted).ConfigureAwait(false);
                request = AnthropicWireReader.Read(body.RootElement);
            }
            catch (JsonException ex)
            {
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "invalid_request_error", ex.Message, aborted).ConfigureAwait(false);
                return;
            }

            stats.RecordModel(request.Model);
            stats.RecordBreakpoints(request.Breakpoints);
            SimulatedFault fault = SimulatorFaults.Draw(options.Faults, context.Request.Headers[SimulatorFaults.Header], request.Model, request.Stream, Random.Shared);
            if (fault != SimulatedFault.None)
            {
                stats.RecordFault();
            }

            if (SimulatorFaults.ErrorOf(fault) is { } error)
            {
                if (fault is SimulatedFault.RateLimit or SimulatedFault.Overloaded)
                {
                    context.Response.Headers.RetryAfter = options.Faults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                }

                await WriteErrorAsync(context, error.Status, error.Type, error.Message, aborted).ConfigureAwait(false);
                return;
            }

            switch (fault)
            {
                case SimulatedFault.ConnectionReset:
                    context.Abort();
                    return;
                case SimulatedFault.Timeout:
                    await DelayAsync(options.Faults.TimeoutDelay, aborted).ConfigureAwait(false);
                    context.Abort();
                    return;
                case SimulatedFault.SlowFirstToken:
                    await DelayAsync(options.Faults.SlowFirstTokenDelay, aborted).ConfigureAwait(false);
                    break;
            }

            SimulatedReply reply = SimulatorEngine.Respond(request.Request);
            WireUsage usage = request.SimulateCache
                ? CacheTestUsage with { OutputTokens = reply.OutputTokens }
                : UsePromptCache(request, reply);
            string id = "msg_sim_" + Guid.CreateVersion7().ToString("N", CultureInfo.InvariantCulture);

            if (request.Stream)
            {
                await StreamAsync(context, id, request.Model, reply, usage, fault == SimulatedFault.StreamCut, aborted).ConfigureAwait(false);
            }
            else
            {
                await DelayAsync(options.Latency, aborted).ConfigureAwait(false);
                context.Response.ContentType = "application/json";
                using (var json = new Utf8JsonWriter(context.Response.BodyWriter, AnthropicWireWriter.WriterOptions))
                {
                    AnthropicWireWriter.WriteMessage(json, id, request.Model, reply, usage);
                }

                await context.Response.BodyWriter.FlushAsync(aborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; there is nobody left to answer.
        }
    }

    /// <summary>Anthropic's split: <c>input_tokens</c> is what neither came from nor went into the cache.</summary>
    private WireUsage UsePromptCache(AnthropicWireRequest request, SimulatedReply reply)
    {
        if (request.Breakpoints.Count == 0)
        {
            return new WireUsage(reply.InputTokens, reply.OutputTokens, 0, 0);
        }

        (int read, int write) = _promptCache.Use(request.Model, request.Breakpoints, options.PromptCacheMinimumTokens, options.PromptCacheTimeToLive);
        read = Math.Min(read, reply.InputTokens);
        write = Math.Min(write, reply.InputTokens - read);
        stats.RecordPromptCache(read, write);
        return new WireUsage(reply.InputTokens - read - write, reply.OutputTokens, write, read);
    }

    public Task WriteStatsAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(
            stats.ToJson(), context.RequestAborted);
    }

    private async Task StreamAsync(HttpContext context, string id, string model, SimulatedReply reply, WireUsage usage, bool cut, CancellationToken aborted)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        using var sse = new SseWriter(context.Response.BodyWriter);

        // Headers and message_start go out at once, as upstream; the latency models the wait for the first token.
        AnthropicWireWriter.WriteMessageStart(sse.Start("message_start"), id, model, usage with { OutputTokens = 1 });
        await sse.EndAsync(aborted).ConfigureAwait(false);
        await DelayAsync(options.Latency, aborted).ConfigureAwait(false);

        int index = 0;
        if (reply.Text.Length > 0)
        {
            TimeSpan perChunk = options.TokensPerSecond > 0 ? TimeSpan.FromSeconds(1 / options.TokensPerSecond) : TimeSpan.Zero;
            AnthropicWireWriter.WriteTextBlockStart(sse.Start("content_block_start"), index);
            await sse.EndAsync(aborted).ConfigureAwait(false);
            bool first = true;
            List<string> chunks = SimulatorChatClient.Chunks(reply.Text).ToList();
            for (int i = 0; i < chunks.Count; i++)
            {
                string chunk = chunks[i];
                if (cut && i >= Math.Max(1, chunks.Count / 2))
                {
                    // Mid-stream: the client has text already, then the connection drops.
                    context.Abort();
                    return;
                }

                if (!first)
                {
                    await DelayAsync(perChunk, aborted).ConfigureAwait(false);
                }

                first = false;
                AnthropicWireWriter.WriteTextDelta(sse.Start("content_block_delta"), index, chunk);
                await sse.EndAsync(aborted).ConfigureAwait(false);
            }

            AnthropicWireWriter.WriteBlockStop(sse.Start("content_block_stop"), index++);
            await sse.EndAsync(aborted).ConfigureAwait(false);
        }

        foreach (SimulatedToolCall call in reply.ToolCalls)
        {
            AnthropicWireWriter.WriteToolUseBlockStart(sse.Start("content_block_start"), index, call);
            await sse.EndAsync(aborted).ConfigureAwait(false);

            // Two pieces, so clients are exercised on reassembling partial JSON rather than on one whole object.
            int half = call.ArgumentsJson.Length / 2;
            AnthropicWireWriter.WriteInputJsonDelta(sse.Start("content_block_delta"), index, call.ArgumentsJson[..half]);
            await sse.EndAsync(aborted).ConfigureAwait(false);
            AnthropicWireWriter.WriteInputJsonDelta(sse.Start("content_block_delta"), index, call.ArgumentsJson[half..]);
            await sse.EndAsync(aborted).ConfigureAwait(false);

            AnthropicWireWriter.WriteBlockStop(sse.Start("content_block_stop"), index++);
            await sse.EndAsync(aborted).ConfigureAwait(false);
        }

        AnthropicWireWriter.WriteMessageDelta(sse.Start("message_delta"), reply.Stop, usage);
        await sse.EndAsync(aborted).ConfigureAwait(false);
        AnthropicWireWriter.WriteMessageStop(sse.Start("message_stop"));
        await sse.EndAsync(aborted).ConfigureAwait(false);
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string type, string message, CancellationToken aborted)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using (var json = new Utf8JsonWriter(context.Response.BodyWriter, AnthropicWireWriter.WriterOptions))
        {
            AnthropicWireWriter.WriteError(json, type, message);
        }

        await context.Response.BodyWriter.FlushAsync(aborted).ConfigureAwait(false);
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, time, cancellationToken) : Task.CompletedTask;
}
