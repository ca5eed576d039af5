namespace App.Data;

/// <summary>A named counter that moves when what an in-memory cache holds changes (<see cref="Sessions.WhoAmIGeneration"/>).</summary>
public sealed class CacheGeneration
{
    public string Name { get; set; } = "";
    public long Value { get; set; }
}
