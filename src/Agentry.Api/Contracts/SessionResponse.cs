namespace Agentry.Api.Contracts;

public sealed record SessionResponse(
    string SessionId,
    string Agent,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<SessionMessageResponse> Messages);
