using System.Text.Json.Serialization;

namespace Agentry.Providers.Simulator;

[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, object?>))]
internal sealed partial class SimulatorJson : JsonSerializerContext;
