namespace HomeTelco.Torrent.Magnets;

/// <summary>A BEP 53 "select only" range of file indexes, both ends included ("4-6", or "2" as 2-2).</summary>
/// <param name="First">First file index.</param>
/// <param name="Last">Last file index, at least <paramref name="First"/>.</param>
public readonly record struct MagnetFileRange(int First, int Last)
{
    /// <summary>Whether <paramref name="fileIndex"/> is in the range.</summary>
    public bool Contains(int fileIndex) => fileIndex >= First && fileIndex <= Last;

    /// <inheritdoc/>
    public override string ToString() =>
        First == Last
            ? First.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{First}-{Last}");
}
