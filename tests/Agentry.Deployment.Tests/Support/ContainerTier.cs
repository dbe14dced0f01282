namespace Agentry.Deployment.Tests.Support;

/// <summary>Every container test shares one build of the images and one health-check driver.</summary>
[CollectionDefinition(Name)]
public sealed class ContainerTier : ICollectionFixture<ContainerHost>
{
    public const string Name = "containers";
}
