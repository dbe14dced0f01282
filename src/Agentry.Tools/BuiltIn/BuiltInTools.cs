using Agentry.Core.Tools;

namespace Agentry.Tools.BuiltIn;

/// <summary>The built-in tools, <c>calculator</c> and <c>current_time</c>: examples, and what the simulator knows how to call.</summary>
public sealed class BuiltInTools(TimeProvider time) : ToolSet([new CalculatorTool(), new CurrentTimeTool(time)]);
