using Microsoft.AspNetCore.Http.HttpResults;

namespace Agentry.Api.Http;

/// <summary>A parsed value, or the Problem Details that says why there is none.</summary>
internal readonly record struct ProblemHttpResultOr<T>(T Value, ProblemHttpResult? Problem)
{
    public static implicit operator ProblemHttpResultOr<T>(T value) => new(value, null);

    public static implicit operator ProblemHttpResultOr<T>(ProblemHttpResult problem) => new(default!, problem);
}
