using LiteDB;

namespace HomeTelco.Core.Store;

/// <summary>
/// The box's one LiteDB file. Every engine reaches it through small repositories built on
/// <see cref="Collection{T}"/>; LiteDB's direct mode serialises writers internally, so one
/// instance is shared by the whole process.
/// </summary>
public sealed class HomeStore : IDisposable
{
    /// <summary>The file name of the store inside the data folder.</summary>
    public const string FileName = "hometelco.db";

    /// <summary>Held open with an exclusive lock while the store is open: one process per store.</summary>
    public const string LockFileName = "hometelco.lock";

    private readonly LiteDatabase _db;
    private readonly FileStream _lock;
    private int _disposed;

    private HomeStore(LiteDatabase db, FileStream lockFile, string path)
    {
        _db = db;
        _lock = lockFile;
        Path = path;
    }

    /// <summary>Full path of the store file.</summary>
    public string Path { get; }

    /// <summary>Schema version of the open store (always <see cref="SchemaMigrations.CurrentVersion"/> once open).</summary>
    public int SchemaVersion => _db.UserVersion;

    internal LiteDatabase Database => _db;

    /// <summary>
    /// Opens (or creates) the store in <paramref name="dataDir"/> and migrates it forward.
    /// Throws <see cref="StoreException"/> with a message a person can act on when the file is
    /// not a store, is damaged, was written by a newer build, or is held by another process.
    /// </summary>
    public static HomeStore Open(string dataDir)
    {
        BoxPaths.EnsurePrivateDirectory(dataDir);
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dataDir, FileName));
        var lockFile = TakeLock(dataDir, path);
        try
        {
            RefuseForeignFile(path);
            var db = OpenDatabase(path);
            return new HomeStore(db, lockFile, path);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    private static LiteDatabase OpenDatabase(string path)
    {
        var connection = new ConnectionString
        {
            Filename = path,
            Connection = ConnectionType.Direct,
            Upgrade = false,
        };
        LiteDatabase db;
        try
        {
            db = new LiteDatabase(connection, BoxBsonMapper.Instance);
            // Touching the header forces LiteDB to read and validate the file now, not at the first query.
            _ = db.UserVersion;
        }
        catch (Exception ex) when (ex is LiteException or InvalidCastException or IndexOutOfRangeException or ArgumentException or IOException)
        {
            throw new StoreException($"The file {path} is not a readable HomeTelco store ({ex.Message}). Move it aside and restore a backup with 'hometelco restore <file>'.", ex);
        }

        try
        {
            SchemaMigrations.Apply(db, path);
        }
        catch
        {
            db.Dispose();
            throw;
        }

        return db;
    }

    /// <summary>
    /// LiteDB's direct mode lets a second process open the same file and both would write: an
    /// exclusive lock on a side file (flock on Linux) keeps the CLI off a running box's store.
    /// </summary>
    private static FileStream TakeLock(string dataDir, string path)
    {
        try
        {
            return new FileStream(System.IO.Path.Combine(dataDir, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new StoreException($"The store {path} is in use by another HomeTelco process (a running box?). Stop it first, or make this change in its portal or API.", ex);
        }
    }

    /// <summary>A typed collection of the store.</summary>
    public ILiteCollection<T> Collection<T>(string name) => _db.GetCollection<T>(name);

    /// <summary>
    /// Makes <paramref name="current"/> the new <paramref name="previous"/> (whose old contents go) and leaves
    /// <paramref name="current"/> empty: a log kept in two generations drops its oldest half at the cost of freeing its
    /// pages, where deleting records one by one costs an index search and updates per record. Not inside a transaction
    /// (LiteDB refuses); a crash between the two steps leaves <paramref name="current"/> as it was and no previous one.
    /// </summary>
    public void RotateCollection(string current, string previous)
    {
        _db.DropCollection(previous);
        _db.RenameCollection(current, previous);
    }

    /// <summary>Names of every collection that holds box data (what a backup carries).</summary>
    public IReadOnlyList<string> CollectionNames() =>
        _db.GetCollectionNames().Where(n => !n.StartsWith('$')).OrderBy(n => n, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Runs <paramref name="work"/> inside one LiteDB transaction: all of its writes land, or none.
    /// </summary>
    public T InTransaction<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!_db.BeginTrans())
        {
            // Already inside a transaction on this thread: join it.
            return work();
        }

        try
        {
            var result = work();
            _db.Commit();
            return result;
        }
        catch
        {
            _db.Rollback();
            throw;
        }
    }

    /// <summary>Writes the log into the data file so a copy of the file alone is complete.</summary>
    public void Checkpoint() => _db.Checkpoint();

    /// <inheritdoc/>
    public void Dispose()
    {
        // The host may be torn down from two paths at once (its own run loop and a test factory).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _db.Dispose();
        _lock.Dispose();
    }

    /// <summary>
    /// LiteDB happily turns a short foreign file into a fresh database; check the header first so a
    /// file that is not ours is refused and left exactly as it was.
    /// </summary>
    private static void RefuseForeignFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0)
        {
            return;
        }

        Span<byte> header = stackalloc byte[LiteDbHeaderOffset + LiteDbSignature.Length + 1];
        int read;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        if (read < header.Length || !header.Slice(LiteDbHeaderOffset, LiteDbSignature.Length).SequenceEqual(LiteDbSignature)
            || header[^1] != LiteDbFileVersion)
        {
            throw new StoreException($"The file {path} is not a HomeTelco store (no LiteDB 5 header). It was left untouched; move it aside, then start the box or restore a backup with 'hometelco restore <file>'.");
        }
    }

    // Layout of a LiteDB 5 header page: a 32-byte page header, the signature text, then the file format version.
    private const int LiteDbHeaderOffset = 32;
    private const byte LiteDbFileVersion = 8;
    private static ReadOnlySpan<byte> LiteDbSignature => "** This is a LiteDB file **"u8;

}
