using System.Text.Json.Serialization;
using Agentry.Bench.Load;
using Agentry.Bench.Results;

namespace Agentry.Bench;

/// <summary>Source-generated JSON of the result files and of strings in request bodies.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ScenarioResult))]
[JsonSerializable(typeof(string))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
