namespace Agentry.Core.Resilience;

/// <summary>Reads the exceptions of each provider SDK; implemented by Agentry.Providers.</summary>
public interface IProviderErrorClassifier
{
    ProviderError Classify(Exception exception);
}
