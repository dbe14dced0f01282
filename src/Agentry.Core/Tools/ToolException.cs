namespace Agentry.Core.Tools;

/// <summary>A tool refused its input or failed in a way the model may read and correct.</summary>
public sealed class ToolException : Exception
{
    public ToolException()
    {
    }

    public ToolException(string message)
        : base(message)
    {
    }

    public ToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
