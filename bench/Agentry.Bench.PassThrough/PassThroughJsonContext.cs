using System.Text.Json.Serialization;

namespace Agentry.Bench.PassThrough;

/// <summary>Source-generated JSON of the pass-through's body and answer.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RunBody))]
[JsonSerializable(typeof(RunAnswer))]
internal sealed partial class PassThroughJsonContext : JsonSerializerContext;
