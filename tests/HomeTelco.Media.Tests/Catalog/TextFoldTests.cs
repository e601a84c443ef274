using HomeTelco.Media.Catalog;

namespace HomeTelco.Media.Tests.Catalog;

/// <summary>Search folding under the box's invariant globalization (no ICU).</summary>
public sealed class TextFoldTests
{
    [Theory]
    [InlineData("Beyoncé", "beyonce")]
    [InlineData("BEYONCÉ", "beyonce")]
    [InlineData("Motörhead", "motorhead")]
    [InlineData("Sigur Rós", "sigur ros")]
    [InlineData("Ærøskøbing Straße", "aeroskobing strasse")]
    [InlineData("Dvořák", "dvorak")]
    [InlineData("Cafe\u0301", "cafe")]
    [InlineData("東京", "東京")]
    public void Fold_RemovesCaseAndAccents(string text, string folded)
    {
        Assert.Equal(folded, TextFold.Fold(text));
    }
}
