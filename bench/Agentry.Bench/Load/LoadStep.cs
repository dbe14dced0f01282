namespace Agentry.Bench.Load;

/// <summary>One HTTP exchange of a run: a POST whose answer must be a success holding every marker.</summary>
internal sealed record LoadStep
{
    public required Uri Uri { get; init; }

    public required byte[] Body { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Adds an <c>Idempotency-Key</c> unique to each run.</summary>
    public bool UniqueIdempotencyKey { get; init; }

    /// <summary>Byte strings the whole answer must contain (a completed stream, the expected stop reason...).</summary>
    public required IReadOnlyList<byte[]> SuccessMarkers { get; init; }

    /// <summary>When set, the time at which this marker first arrives is the run's time to first token.</summary>
    public byte[]? FirstTokenMarker { get; init; }
}
