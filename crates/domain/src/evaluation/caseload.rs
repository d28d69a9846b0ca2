//! Caseload: open courses per caseworker against targets per target group
//! (Hjørring: sygedagpenge 32–35, kontanthjælp 40–45, overall 40), and a
//! proposal of moves that evens out a team.

use serde::Serialize;
use std::collections::BTreeMap;

/// A range of open courses per caseworker for one target group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Range {
    pub min: u32,
    pub max: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Targets {
    /// By target-group code.
    pub by_group: BTreeMap<String, Range>,
    /// For groups without a range of their own.
    pub default: u32,
}

impl Default for Targets {
    fn default() -> Self {
        let mut by_group = BTreeMap::new();
        by_group.insert("sygedagpenge".to_string(), Range { min: 32, max: 35 });
        by_group.insert("kontanthjaelp".to_string(), Range { min: 40, max: 45 });
        Self {
            by_group,
            default: 40,
        }
    }
}

/// One caseworker's open courses: (course key, target-group code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Load<K> {
    pub caseworker: K,
    pub team: K,
    pub courses: Vec<(K, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Status {
    Under,
    Within,
    Over,
}

impl Targets {
    /// The range for a caseworker: that of the group most of their courses
    /// belong to (ties to the lower code), or the default as a one-point range.
    pub fn range_for<K>(&self, load: &Load<K>) -> Range {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, g) in &load.courses {
            *counts.entry(g.as_str()).or_insert(0) += 1;
        }
        let main = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(g, _)| *g);
        main.and_then(|g| self.by_group.get(g).copied())
            .unwrap_or(Range {
                min: self.default,
                max: self.default,
            })
    }

    pub fn status<K>(&self, load: &Load<K>) -> Status {
        let r = self.range_for(load);
        let n = load.courses.len() as u32;
        if n > r.max {
            Status::Over
        } else if n < r.min {
            Status::Under
        } else {
            Status::Within
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move<K> {
    pub course: K,
    pub from: K,
    pub to: K,
}

/// Moves, inside each team, from caseworkers above their range to those with
/// room below the top of theirs, one course at a time, always from the most
/// over to the one with most room, until nobody is above their range or no
/// move fits. A move never puts the receiver above their target band, as it
/// stands *after* the move: a course of another group can change which
/// group is a caseworker's main one, and so their band. A course of the
/// receiver's own main group is preferred; the latest course in the list
/// moves first (the newest relationship is the cheapest to change).
pub fn propose_moves<K: Clone + Ord>(targets: &Targets, loads: &[Load<K>]) -> Vec<Move<K>> {
    let mut teams: BTreeMap<K, Vec<Load<K>>> = BTreeMap::new();
    for l in loads {
        teams.entry(l.team.clone()).or_default().push(l.clone());
    }
    let mut moves = Vec::new();
    for (_, mut team) in teams {
        // Each move lowers someone over their band by one; a team cannot
        // need more moves than it has courses.
        let limit: usize = team.iter().map(|l| l.courses.len()).sum();
        for _ in 0..limit {
            let Some((from, to, pick)) = next_move(targets, &team) else {
                break;
            };
            let course = team[from].courses.remove(pick);
            moves.push(Move {
                course: course.0.clone(),
                from: team[from].caseworker.clone(),
                to: team[to].caseworker.clone(),
            });
            team[to].courses.push(course);
        }
    }
    moves
}

/// The next move: from whom, to whom, and which of the giver's courses.
fn next_move<K: Clone>(targets: &Targets, team: &[Load<K>]) -> Option<(usize, usize, usize)> {
    let excess =
        |i: usize| team[i].courses.len() as i64 - i64::from(targets.range_for(&team[i]).max);
    let from = (0..team.len())
        .filter(|&i| excess(i) > 0)
        .max_by_key(|&i| excess(i))?;
    let mut receivers: Vec<usize> = (0..team.len())
        .filter(|&i| i != from && excess(i) < 0)
        .collect();
    // Most room first; the first in the list on a tie.
    receivers.sort_by_key(|&i| excess(i));
    for to in receivers {
        let wanted = main_group(&team[to]);
        let giver = &team[from].courses;
        let order = (0..giver.len())
            .rev()
            .filter(|&k| Some(&giver[k].1) == wanted.as_ref())
            .chain(
                (0..giver.len())
                    .rev()
                    .filter(|&k| Some(&giver[k].1) != wanted.as_ref()),
            );
        for pick in order {
            let mut after = team[to].clone();
            after.courses.push(giver[pick].clone());
            if after.courses.len() as u32 <= targets.range_for(&after).max {
                return Some((from, to, pick));
            }
        }
    }
    None
}

fn main_group<K>(load: &Load<K>) -> Option<String> {
    let mut counts: BTreeMap<&String, usize> = BTreeMap::new();
    for (_, g) in &load.courses {
        *counts.entry(g).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(g, _)| g.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(who: u32, team: u32, n: u32, group: &str) -> Load<u32> {
        Load {
            caseworker: who,
            team,
            courses: (0..n)
                .map(|i| (who * 1000 + i, group.to_string()))
                .collect(),
        }
    }

    #[test]
    fn hjoerring_defaults() {
        let t = Targets::default();
        assert_eq!(t.status(&load(1, 1, 36, "sygedagpenge")), Status::Over);
        assert_eq!(t.status(&load(1, 1, 33, "sygedagpenge")), Status::Within);
        assert_eq!(t.status(&load(1, 1, 36, "kontanthjaelp")), Status::Under);
        assert_eq!(
            t.status(&load(1, 1, 40, "ressourceforloeb")),
            Status::Within
        );
    }

    #[test]
    fn moves_even_out_a_team_but_never_cross_teams() {
        let t = Targets::default();
        let loads = vec![
            load(1, 1, 40, "sygedagpenge"),
            load(2, 1, 28, "sygedagpenge"),
            load(3, 2, 20, "sygedagpenge"),
        ];
        let moves = propose_moves(&t, &loads);
        // 5 from 1 to 2 bring 1 down to 35 (its max); 2 goes from 28 to 33.
        assert_eq!(moves.len(), 5);
        assert!(moves.iter().all(|m| m.from == 1 && m.to == 2));
        assert!(moves.iter().all(|m| m.course / 1000 == 1));
        assert!(propose_moves(&t, &[load(3, 2, 20, "sygedagpenge")]).is_empty());
    }

    #[test]
    fn a_move_never_puts_the_receiver_above_their_band() {
        // 2 has room under the cash-benefit band (45) while cash benefit is
        // their main group; sickness-benefit courses would soon make that
        // their main group, whose band ends at 35.
        let t = Targets::default();
        let mut two = load(2, 1, 20, "kontanthjaelp");
        two.courses
            .extend((0..19).map(|i| (2500 + i, "sygedagpenge".to_string())));
        let moves = propose_moves(&t, &[load(1, 1, 40, "sygedagpenge"), two.clone()]);
        // One fits (20 + 20: a tie, to the lower code, cash benefit); a
        // second would give 21 sickness-benefit courses, 41 against 35.
        assert_eq!(moves.len(), 1);
        two.courses.push((1039, "sygedagpenge".into()));
        assert_eq!(t.status(&two), Status::Within);
    }

    #[test]
    fn no_receiver_ends_above_their_band_in_random_teams() {
        use rand::{Rng, SeedableRng};
        let t = Targets::default();
        let groups = ["sygedagpenge", "kontanthjaelp", "ressourceforloeb"];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(27);
        for _ in 0..300 {
            let loads: Vec<Load<u32>> = (0..rng.gen_range(2..6))
                .map(|who| Load {
                    caseworker: who,
                    team: 1,
                    courses: (0..rng.gen_range(10..60))
                        .map(|i| (who * 1000 + i, groups[rng.gen_range(0..3)].to_string()))
                        .collect(),
                })
                .collect();
            let moves = propose_moves(&t, &loads);
            let mut after = loads.clone();
            for m in &moves {
                let from = after.iter().position(|l| l.caseworker == m.from).unwrap();
                let k = after[from]
                    .courses
                    .iter()
                    .position(|c| c.0 == m.course)
                    .unwrap();
                let c = after[from].courses.remove(k);
                let to = after.iter().position(|l| l.caseworker == m.to).unwrap();
                after[to].courses.push(c);
            }
            for l in &after {
                let received = moves.iter().any(|m| m.to == l.caseworker);
                assert!(
                    !received || t.status(l) != Status::Over,
                    "{} received and is over its band",
                    l.caseworker
                );
            }
        }
    }
}
