using System.IO.Compression;
using System.Text;
using LiteDB;

namespace HomeTelco.Core.Store;

/// <summary>
/// Backups of the whole store as gzip'd JSON lines: a header line (format, schema version, date),
/// one line per document (<c>{"c": collection, "d": document}</c>) and a trailer with the count, so a
/// truncated file is detected. Reading and writing stream document by document, so memory stays flat
/// however large the store is. A backup holds password hashes and 2FA secrets: keep it private.
/// </summary>
public sealed class BackupService(HomeStore store, TimeProvider time, IEnumerable<IStoreRestoreListener> listeners)
{
    private const string Format = "hometelco-backup";
    private const int FormatVersion = 1;

    /// <summary>A backup service with nothing in memory to refresh after a restore (the CLI, tests).</summary>
    public BackupService(HomeStore store, TimeProvider time)
        : this(store, time, [])
    {
    }

    /// <summary>Writes every collection to <paramref name="output"/>; returns the number of documents.</summary>
    public long Write(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
        using var writer = new StreamWriter(gzip, new UTF8Encoding(false)) { NewLine = "\n" };
        var header = new BsonDocument
        {
            ["format"] = Format,
            ["formatVersion"] = FormatVersion,
            ["schemaVersion"] = store.SchemaVersion,
            ["createdAt"] = time.GetUtcNow().UtcDateTime,
        };
        writer.WriteLine(JsonSerializer.Serialize(header));
        long count = 0;
        foreach (var name in store.CollectionNames())
        {
            foreach (var doc in store.Collection<BsonDocument>(name).FindAll())
            {
                writer.WriteLine(JsonSerializer.Serialize(new BsonDocument { ["c"] = name, ["d"] = doc }));
                count++;
            }
        }

        writer.WriteLine(JsonSerializer.Serialize(new BsonDocument { ["end"] = true, ["count"] = count }));
        return count;
    }

    /// <summary>
    /// Replaces the store's contents with the backup in <paramref name="path"/>, all or nothing.
    /// The file is checked completely before anything is touched; a damaged, foreign or newer backup
    /// is refused with <see cref="StoreException"/> and the store stays as it was. After a restore every
    /// <see cref="IStoreRestoreListener"/> re-reads what it keeps in memory.
    /// </summary>
    public long Restore(string path)
    {
        var (schemaVersion, expected) = Validate(path);
        var restored = store.InTransaction(() =>
        {
            foreach (var name in store.CollectionNames())
            {
                store.Collection<BsonDocument>(name).DeleteAll();
            }

            long count = 0;
            foreach (var (collection, doc) in Documents(path))
            {
                store.Collection<BsonDocument>(collection).Insert(doc);
                count++;
            }

            if (count != expected)
            {
                throw new StoreException($"The backup {path} changed while it was being restored; nothing was restored.");
            }

            if (schemaVersion < store.SchemaVersion)
            {
                store.Database.UserVersion = schemaVersion;
            }

            return count;
        });

        // A backup from an older schema is brought forward by the same steps a store file takes.
        SchemaMigrations.Apply(store.Database, store.Path);

        // Services that answer from memory (the extensions the SIP registrar checks) would otherwise keep serving
        // what the restore just replaced until the next start.
        foreach (var listener in listeners)
        {
            listener.StoreRestored();
        }

        return restored;
    }

    private static (int SchemaVersion, long Count) Validate(string path)
    {
        int? schemaVersion = null;
        long count = 0;
        var ended = false;
        foreach (var line in Lines(path))
        {
            var doc = ParseLine(line, path);
            if (schemaVersion is null)
            {
                if (!doc.TryGetValue("format", out var format) || format != Format)
                {
                    throw new StoreException($"{path} is not a HomeTelco backup.");
                }

                var version = doc["schemaVersion"];
                if (!version.IsInt32 || doc["formatVersion"] != FormatVersion)
                {
                    throw new StoreException($"{path} is a HomeTelco backup in a format this build does not know.");
                }

                if (version.AsInt32 > SchemaMigrations.CurrentVersion)
                {
                    throw new StoreException($"{path} was made by a newer HomeTelco (schema {version.AsInt32}); this build understands up to schema {SchemaMigrations.CurrentVersion}. Restore it with the newer build.");
                }

                schemaVersion = version.AsInt32;
                continue;
            }

            if (ended)
            {
                throw new StoreException($"{path} has data after its end marker: it is damaged.");
            }

            if (doc.ContainsKey("end"))
            {
                ended = true;
                if (!doc["count"].IsNumber || doc["count"].AsInt64 != count)
                {
                    throw new StoreException($"{path} is damaged: it says {doc["count"]} documents but holds {count}.");
                }

                continue;
            }

            if (!doc["c"].IsString || !doc["d"].IsDocument || doc["c"].AsString.Length is 0 or > 60 || doc["c"].AsString.StartsWith('$'))
            {
                throw new StoreException($"{path} is damaged near document {count + 1}.");
            }

            count++;
        }

        if (schemaVersion is null || !ended)
        {
            throw new StoreException($"{path} is incomplete (no end marker): the backup was cut short.");
        }

        return (schemaVersion.Value, count);
    }

    private static IEnumerable<(string Collection, BsonDocument Doc)> Documents(string path)
    {
        var first = true;
        foreach (var line in Lines(path))
        {
            if (first)
            {
                first = false;
                continue;
            }

            var doc = ParseLine(line, path);
            if (doc.ContainsKey("end"))
            {
                yield break;
            }

            yield return (doc["c"].AsString, doc["d"].AsDocument);
        }
    }

    private static BsonDocument ParseLine(string line, string path)
    {
        try
        {
            var value = JsonSerializer.Deserialize(line);
            return value.IsDocument ? value.AsDocument : throw new StoreException($"{path} is not a HomeTelco backup.");
        }
        catch (LiteException ex)
        {
            throw new StoreException($"{path} is not a HomeTelco backup or is damaged ({ex.Message}).", ex);
        }
    }

    private static IEnumerable<string> Lines(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        while (true)
        {
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (InvalidDataException ex)
            {
                throw new StoreException($"{path} is not a gzip'd HomeTelco backup or is damaged.", ex);
            }

            if (line is null)
            {
                yield break;
            }

            if (line.Length > 16 * 1024 * 1024)
            {
                throw new StoreException($"{path} has a line over 16 MiB: it is not a HomeTelco backup.");
            }

            yield return line;
        }
    }
}
