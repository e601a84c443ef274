namespace HomeTelco.IntegrationTests.Media;

/// <summary>The media API test classes share one scanned box (generating and scanning media takes seconds).</summary>
[CollectionDefinition(Name)]
public sealed class MediaBoxGroup : ICollectionFixture<MediaBoxFixture>
{
    public const string Name = "media box";
}
