namespace Agentry.Api.Hosting;

/// <summary>
/// A log field whose value is already JSON (UTF-8, produced by System.Text.Json): the JSON-lines formatter writes it
/// as it is, an object in the line rather than an escaped string; other formatters get its text.
/// </summary>
internal sealed class LogJson(byte[] utf8)
{
    public byte[] Utf8 => utf8;

    public override string ToString() => System.Text.Encoding.UTF8.GetString(utf8);
}
