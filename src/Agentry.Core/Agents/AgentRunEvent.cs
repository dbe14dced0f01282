using System.Text.Json;

namespace Agentry.Core.Agents;

/// <summary>Something that happened during a run, in the order it happened; streamed runs forward each one.</summary>
public abstract record AgentRunEvent;

/// <summary>The run was accepted and is about to call the model.</summary>
public sealed record RunStartedEvent(string RunId, string Agent, string? SessionId, string Provider, string Model) : AgentRunEvent;

/// <summary>A piece of the model's answer text.</summary>
public sealed record TextDeltaEvent(string Text) : AgentRunEvent;

/// <summary>The model asked for a tool.</summary>
public sealed record ToolCallEvent(string CallId, string Name, JsonElement Arguments) : AgentRunEvent;

/// <summary>A tool call finished.</summary>
public sealed record ToolResultEvent(ToolCallRecord Call) : AgentRunEvent;

/// <summary>One model call finished, with what it used and cost.</summary>
public sealed record UsageEvent(int Iteration, RunUsage Usage, decimal CostUsd) : AgentRunEvent;
