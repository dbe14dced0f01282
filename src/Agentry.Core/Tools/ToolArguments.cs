using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Agentry.Core.Tools;

/// <summary>Turns the argument dictionary a provider parsed back into one JSON object.</summary>
public static class ToolArguments
{
    public static JsonElement ToJson(IDictionary<string, object?>? arguments)
    {
        if (arguments is null || arguments.Count == 0)
        {
            return EmptyObject;
        }

        return JsonSerializer.SerializeToElement(arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
}
