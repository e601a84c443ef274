using LiteDB;

namespace HomeTelco.Core.Store;

/// <summary>The one BSON mapper of the box: dates stay UTC, enums are stored as names so a reordering never changes data.</summary>
internal static class BoxBsonMapper
{
    public static BsonMapper Instance { get; } = new()
    {
        EnumAsInteger = false,
        SerializeNullValues = false,
        TrimWhitespace = false,
        EmptyStringToNull = false,
    };
}
