using System.Text.Encodings.Web;
using System.Text.Json;

namespace Agentry.Api.Contracts;

/// <summary>
/// The contracts' JSON as the API writes it: the source-generated context, with only what JSON itself requires
/// escaped. Answers are <c>application/json</c> (or event streams), never embedded in HTML, so <c>+</c>, <c>&lt;</c>
/// and <c>'</c> stay as they are instead of becoming <c>\u002B</c> and the like.
/// </summary>
internal static class ApiJson
{
    public static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static ApiJsonContext Context { get; } = new(new JsonSerializerOptions(ApiJsonContext.Default.Options) { Encoder = Encoder });
}
