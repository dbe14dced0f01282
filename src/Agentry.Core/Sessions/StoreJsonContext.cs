using System.Text.Json.Serialization;

namespace Agentry.Core.Sessions;

[JsonSerializable(typeof(StoredMessage[]))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
