using LiteDB;

namespace HomeTelco.Core.Store;

/// <summary>
/// Forward-only schema migrations. The schema version lives in LiteDB's user-version header field
/// and is raised only after a step's writes committed; every step is idempotent, so a crash between
/// the two just runs the step again at the next start.
/// </summary>
public static class SchemaMigrations
{
    private static readonly Action<LiteDatabase>[] Steps =
    [
        // 0 -> 1: the first schema. Indexes for the collections every box has.
        db =>
        {
            db.GetCollection(Collections.Users).EnsureIndex("NameKey", unique: true);
            db.GetCollection(Collections.ApiTokens).EnsureIndex("UserId");
        },

        // 1 -> 2: phones. Extensions by number, registrar bindings by address of record, bans by address,
        // call records by start time (the Calls page lists newest first).
        db =>
        {
            db.GetCollection(Collections.Extensions).EnsureIndex("Number", unique: true);
            db.GetCollection(Collections.SipBindings).EnsureIndex("Number");
            db.GetCollection(Collections.SipBans).EnsureIndex("Address", unique: true);
            db.GetCollection(Collections.Calls).EnsureIndex("StartedAt");
        },

        // 2 -> 3: media. Items by library (scans, library removal) and by library+path (the key that keeps
        // an item's id stable across rescans).
        db =>
        {
            db.GetCollection(Collections.MediaLibraries).EnsureIndex("PathKey", unique: true);
            db.GetCollection(Collections.MediaItems).EnsureIndex("LibraryId");
            db.GetCollection(Collections.MediaItems).EnsureIndex("PathKey", unique: true);
        },
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int CurrentVersion => Steps.Length;

    internal static void Apply(LiteDatabase db, string path)
    {
        var version = db.UserVersion;
        if (version > CurrentVersion)
        {
            throw new StoreException($"The store {path} has schema version {version}, written by a newer HomeTelco; this build understands up to version {CurrentVersion}. Install the newer build again, or restore a backup made by this one.");
        }

        for (var v = version; v < CurrentVersion; v++)
        {
            db.BeginTrans();
            try
            {
                Steps[v](db);
                db.Commit();
            }
            catch
            {
                db.Rollback();
                throw;
            }

            db.UserVersion = v + 1;
        }
    }
}
