namespace Agentry.Api.Contracts;

public sealed record TimingsResponse(double TotalMs, double ModelMs, double ToolsMs, double? FirstTokenMs);
