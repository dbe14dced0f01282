using System.Text.Json.Serialization;

namespace Agentry.Core.Audit;

/// <summary>The one serialisation of audit events: its bytes, without <c>hash</c>, are what the chain hashes.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditEvent))]
public sealed partial class AuditJsonContext : JsonSerializerContext;
