using System.Buffers;

namespace HomeTelco.Torrent.Tests.Storage;

/// <summary>An array pool that counts what goes out and comes back, and the most ever out at once.</summary>
internal sealed class CountingArrayPool : ArrayPool<byte>
{
    private readonly Lock _countLock = new();

    public int Out { get; private set; }

    public int MostOut { get; private set; }

    public int Rents { get; private set; }

    public override byte[] Rent(int minimumLength)
    {
        lock (_countLock)
        {
            Rents++;
            Out++;
            MostOut = Math.Max(MostOut, Out);
        }

        return new byte[minimumLength];
    }

    public override void Return(byte[] array, bool clearArray = false)
    {
        lock (_countLock)
        {
            Out--;
        }
    }
}
