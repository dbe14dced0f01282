namespace Agentry.Core.Agents;

/// <summary>Where a run's time went, in milliseconds.</summary>
public readonly record struct RunTimings(double TotalMs, double ModelMs, double ToolsMs, double? FirstTokenMs);
