namespace Agentry.Bench.PassThrough;

/// <summary>The request body of a run.</summary>
internal sealed record RunBody(string? Input, bool? Stream);
