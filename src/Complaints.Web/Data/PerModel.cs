using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Complaints.Web.Data;

// A query compiled once per model (EF.CompileAsyncQuery): the hottest lookups skip building, hashing and translating
// their expression tree on every call. Per model, because a compiled query refuses a context of another model and the
// tests run both providers in one process.
public sealed class PerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    readonly ConditionalWeakTable<IModel, TQuery> compiled = new();

    public TQuery For(DbContext db) => compiled.GetValue(db.Model, _ => compile());
}
