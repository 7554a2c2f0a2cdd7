// The row helpers of sqlite::Statement on an in-memory database: rows in order, zero or one
// row, and errors (from SQLite or from a reader) that end a query as its Result.

// core/storage's private wrapper; the test target does not put core/src on the include path.
#include "storage/Sqlite.h"

#include <gtest/gtest.h>

#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace dwb {
namespace {

using sqlite::Statement;

struct Item {
    std::int64_t id = 0;
    std::string name;
    std::optional<double> weight;

    bool operator==(const Item&) const = default;
};

Item readItem(const Statement& row)
{
    return Item{row.int64(0), row.text(1),
                row.isNull(2) ? std::nullopt : std::optional(row.real(2))};
}

class SqliteStatement : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto opened =
            sqlite::openConnection(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        ASSERT_TRUE(opened) << opened.error().message;
        m_db = std::move(*opened);
        ASSERT_TRUE(sqlite::exec(db(), "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, "
                                       "weight REAL)"));
        // Inserted out of order, so that the order of rows comes from the query.
        for (const Item& item :
             {Item{3, "gamma", 0.5}, Item{1, "alpha", 2.25}, Item{2, "beta", std::nullopt}})
            insert(item);
    }

    sqlite3* db() const { return m_db.get(); }

    void insert(const Item& item)
    {
        auto statement =
            Statement::prepare(db(), "INSERT INTO items (id, name, weight) VALUES (?1, ?2, ?3)");
        ASSERT_TRUE(statement) << statement.error().message;
        statement->bind(1, item.id).bind(2, std::string_view(item.name));
        if (item.weight)
            statement->bind(3, *item.weight);
        else
            statement->bindNull(3);
        ASSERT_TRUE(statement->run());
    }

    Statement prepare(std::string_view sql) const
    {
        auto statement = Statement::prepare(db(), sql);
        EXPECT_TRUE(statement) << statement.error().message;
        return std::move(statement).value(); // throws, failing the test, when it did not prepare
    }

    sqlite::DbHandle m_db;
};

TEST_F(SqliteStatement, RowsReturnsEveryRowInQueryOrderWithItsValues)
{
    auto items = prepare("SELECT id, name, weight FROM items ORDER BY id").rows(readItem);
    ASSERT_TRUE(items) << items.error().message;
    EXPECT_EQ(*items, (std::vector<Item>{{1, "alpha", 2.25}, {2, "beta", {}}, {3, "gamma", 0.5}}));

    auto names = prepare("SELECT name FROM items ORDER BY id DESC").rows([](const Statement& row) {
        return row.text(0);
    });
    ASSERT_TRUE(names) << names.error().message;
    EXPECT_EQ(*names, (std::vector<std::string>{"gamma", "beta", "alpha"}));
}

TEST_F(SqliteStatement, RowsOfAQueryWithoutRowsIsEmpty)
{
    int calls = 0;
    auto items = prepare("SELECT id, name, weight FROM items WHERE id > 100")
                     .rows([&](const Statement& row) {
                         ++calls;
                         return readItem(row);
                     });
    ASSERT_TRUE(items) << items.error().message;
    EXPECT_TRUE(items->empty());
    EXPECT_EQ(calls, 0);
}

TEST_F(SqliteStatement, ForEachVisitsEveryRowInOrder)
{
    std::vector<std::int64_t> ids;
    Statement query = prepare("SELECT id FROM items ORDER BY name DESC");
    ASSERT_TRUE(query.forEach([&](const Statement& row) { ids.push_back(row.int64(0)); }));
    EXPECT_EQ(ids, (std::vector<std::int64_t>{3, 2, 1}));
}

TEST_F(SqliteStatement, OneRowIsTheBoundRowOrNothing)
{
    Statement query = prepare("SELECT id, name, weight FROM items WHERE id = ?1");
    query.bind(1, std::int64_t{2});
    auto found = query.oneRow(readItem);
    ASSERT_TRUE(found) << found.error().message;
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ(**found, (Item{2, "beta", {}}));

    query.reset();
    query.bind(1, std::int64_t{42});
    auto missing = query.oneRow(readItem);
    ASSERT_TRUE(missing) << missing.error().message;
    EXPECT_FALSE(missing->has_value());
}

TEST_F(SqliteStatement, OneIsTheRowOrTheGivenNotFoundError)
{
    Statement query = prepare("SELECT name FROM items WHERE id = ?1");
    const auto readName = [](const Statement& row) { return row.text(0); };
    query.bind(1, std::int64_t{3});
    auto found = query.one(readName, {ErrorCode::NotFound, "no item 3"});
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(*found, "gamma");

    query.reset();
    query.bind(1, std::int64_t{7});
    auto missing = query.one(readName, {ErrorCode::NotFound, "no item 7"});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_EQ(missing.error().message, "no item 7");
}

TEST_F(SqliteStatement, OneOrIsTheRowOrTheFallback)
{
    const auto readCount = [](const Statement& row) { return row.int64(0); };
    auto count = prepare("SELECT count(*) FROM items").oneOr(readCount, -1);
    ASSERT_TRUE(count) << count.error().message;
    EXPECT_EQ(*count, 3);

    auto none = prepare("SELECT id FROM items WHERE id < 0").oneOr(readCount, -1);
    ASSERT_TRUE(none) << none.error().message;
    EXPECT_EQ(*none, -1);
}

TEST_F(SqliteStatement, ABadStatementFailsAsAResult)
{
    auto statement = Statement::prepare(db(), "SELECT id FROM no_such_table");
    ASSERT_FALSE(statement);
    EXPECT_EQ(statement.error().code, ErrorCode::Database);
    EXPECT_NE(statement.error().message.find("no such table: no_such_table"), std::string::npos)
        << statement.error().message;
}

TEST_F(SqliteStatement, AStepThatFailsMidwayEndsTheQueryWithItsError)
{
    // abs() of the smallest integer overflows while stepping, after the rows before it.
    insert({4, "delta", std::nullopt});
    Statement update = prepare("UPDATE items SET id = ?1 WHERE id = 4");
    update.bind(1, std::numeric_limits<std::int64_t>::min());
    ASSERT_TRUE(update.run());

    int read = 0;
    auto rows =
        prepare("SELECT abs(id) FROM items ORDER BY id DESC").rows([&](const Statement& row) {
            ++read;
            return row.int64(0);
        });
    ASSERT_FALSE(rows);
    EXPECT_EQ(rows.error().code, ErrorCode::Database);
    EXPECT_NE(rows.error().message.find("integer overflow"), std::string::npos)
        << rows.error().message;
    EXPECT_EQ(read, 3);

    const auto readAbs = [](const Statement& row) { return row.int64(0); };
    const char* smallestFirst = "SELECT abs(id) FROM items ORDER BY id";
    auto oneRow = prepare(smallestFirst).oneRow(readAbs);
    ASSERT_FALSE(oneRow);
    EXPECT_EQ(oneRow.error().code, ErrorCode::Database);
    auto one = prepare(smallestFirst).one(readAbs, {ErrorCode::NotFound, "none"});
    ASSERT_FALSE(one);
    EXPECT_EQ(one.error().code, ErrorCode::Database);
    auto visited = prepare(smallestFirst).forEach([](const Statement&) {});
    ASSERT_FALSE(visited);
    EXPECT_EQ(visited.error().code, ErrorCode::Database);
}

TEST_F(SqliteStatement, AReaderErrorStopsTheRows)
{
    int read = 0;
    auto items =
        prepare("SELECT id, name, weight FROM items ORDER BY id")
            .rows([&](const Statement& row) -> Result<Item> {
                ++read;
                if (row.isNull(2))
                    return fail(ErrorCode::Corrupt, "item " + row.text(1) + " has no weight");
                return readItem(row);
            });
    ASSERT_FALSE(items);
    EXPECT_EQ(items.error().code, ErrorCode::Corrupt);
    EXPECT_EQ(items.error().message, "item beta has no weight");
    EXPECT_EQ(read, 2); // alpha, then beta fails: gamma is never read

    Statement query = prepare("SELECT id, name, weight FROM items WHERE id = 2");
    auto one = query.one(
        [](const Statement& row) -> Result<Item> {
            return fail(ErrorCode::BadMask, "cannot read " + row.text(1));
        },
        {ErrorCode::NotFound, "no item 2"});
    ASSERT_FALSE(one);
    EXPECT_EQ(one.error().code, ErrorCode::BadMask);
    EXPECT_EQ(one.error().message, "cannot read beta");
}

TEST_F(SqliteStatement, AVisitorErrorStopsForEach)
{
    std::vector<std::int64_t> visited;
    Statement query = prepare("SELECT id FROM items ORDER BY id");
    auto ok = query.forEach([&](const Statement& row) -> Status {
        visited.push_back(row.int64(0));
        if (row.int64(0) == 2)
            return fail(ErrorCode::Cancelled, "stopped at 2");
        return {};
    });
    ASSERT_FALSE(ok);
    EXPECT_EQ(ok.error().code, ErrorCode::Cancelled);
    EXPECT_EQ(ok.error().message, "stopped at 2");
    EXPECT_EQ(visited, (std::vector<std::int64_t>{1, 2}));
}

} // namespace
} // namespace dwb
