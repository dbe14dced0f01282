using global::Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace Agentry.Providers.Anthropic;

/// <summary>
/// Places Anthropic prompt-cache breakpoints through the SDK's own channels: a <c>cache_control</c> on the last
/// tool definition (the SDK copies a tool's <c>CacheControl</c> property onto the wire) and on the last block of
/// the system prompt (<see cref="AIContentCacheExtensions.WithCacheControl{T}(T, CacheControlEphemeral?)"/>).
/// Anthropic caches tools, then system, then messages, so the second breakpoint covers tools and system together
/// and the first still hits when only the system prompt changed. Never mutates the caller's messages or tools:
/// the agent's system message is shared by all its runs.
/// </summary>
internal static class AnthropicPromptCache
{
    public static IEnumerable<ChatMessage> MarkSystemPrompt(IEnumerable<ChatMessage> messages)
    {
        List<ChatMessage> list = messages as List<ChatMessage> ?? messages.ToList();
        int index = list.FindLastIndex(m => m.Role == ChatRole.System);
        if (index < 0)
        {
            return list;
        }

        ChatMessage system = list[index];
        int last = -1;
        for (int i = 0; i < system.Contents.Count; i++)
        {
            if (system.Contents[i] is TextContent)
            {
                last = i;
            }
        }

        if (last < 0)
        {
            return list;
        }

        var contents = new List<AIContent>(system.Contents);
        contents[last] = new TextContent(((TextContent)system.Contents[last]).Text).WithCacheControl(new CacheControlEphemeral());
        var marked = new List<ChatMessage>(list) { [index] = new ChatMessage(ChatRole.System, contents) { AuthorName = system.AuthorName } };
        return marked;
    }

    public static ChatOptions MarkLastTool(ChatOptions options)
    {
        if (options.Tools is not { Count: > 0 } tools || tools[^1] is not AIFunction last)
        {
            return options;
        }

        ChatOptions marked = options.Clone();
        marked.Tools = [.. tools.Take(tools.Count - 1), new CacheBreakpointFunction(last)];
        return marked;
    }

    /// <summary>The tool as it is, plus the SDK's <c>CacheControl</c> property.</summary>
    private sealed class CacheBreakpointFunction(AIFunction inner) : DelegatingAIFunction(inner)
    {
        private readonly Dictionary<string, object?> _properties = new(inner.AdditionalProperties, StringComparer.Ordinal)
        {
            [nameof(Tool.CacheControl)] = new CacheControlEphemeral(),
        };

        public override IReadOnlyDictionary<string, object?> AdditionalProperties => _properties;
    }
}
