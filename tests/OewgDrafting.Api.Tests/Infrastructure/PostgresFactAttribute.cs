namespace OewgDrafting.Api.Tests.Infrastructure;

/// <summary>A test that needs a PostgreSQL server: it runs in the PostgreSQL pass of .ci/run and is skipped otherwise.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!DraftingApiFactory.OnPostgres)
        {
            Skip = "Needs PostgreSQL: run with OEWG_TEST_PROVIDER=Postgres and OEWG_TEST_POSTGRES (as .ci/run does).";
        }
    }
}
